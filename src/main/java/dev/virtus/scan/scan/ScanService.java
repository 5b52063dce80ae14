package dev.virtus.scan.scan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.virtus.scan.classify.ClassificationResult;
import dev.virtus.scan.classify.Classifier;
import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.event.ObjectCreated;
import dev.virtus.scan.fetch.FetchException;
import dev.virtus.scan.fetch.S3ObjectId;
import dev.virtus.scan.fetch.S3ObjectReader;
import dev.virtus.scan.tag.ContentBinding;
import dev.virtus.scan.tag.Marking;
import dev.virtus.scan.tag.ObjectMarker;
import dev.virtus.scan.tag.Recording;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Scans created objects: skip rules, then read, classify and mark each one. Every verdict is bound to the
 * content it judged (ETag, and version id where there is one): an earlier marking counts only for that
 * content, and a marking is never written onto newer content. Unreadable images are a verdict
 * ({@code UNSUPPORTED}); S3 or inference failures (after the SDK's retries) mark the object {@code ERROR}
 * where possible and fail the invocation, so that Lambda retries it and finally sends it to the on-failure
 * destination.
 */
@ApplicationScoped
public class ScanService {

    private static final Logger LOG = Logger.getLogger(ScanService.class);

    private final S3ObjectReader reader;
    private final ObjectMarker marker;
    private final Classifier classifier;
    private final ScanRules rules;
    private final VirtusConfig.WriteMode writeMode;
    private final long minBytes;
    private final ObjectMapper json;

    public ScanService(S3ObjectReader reader, ObjectMarker marker, Classifier classifier, VirtusConfig config, ObjectMapper json) {
        this.reader = reader;
        this.marker = marker;
        this.classifier = classifier;
        this.rules = new ScanRules(config.scan());
        this.writeMode = config.writeMode();
        this.minBytes = config.scan().minBytes();
        this.json = json;
    }

    /**
     * Scans every object, then fails if any could not be scanned; the others are marked already and a
     * retried delivery skips them.
     */
    public List<ScanResult> scanAll(List<ObjectCreated> objects) {
        List<ScanResult> results = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (ObjectCreated object : objects) {
            ScanResult result = scan(object);
            results.add(result);
            log(result);
            if (result.status().equals(ScanResult.ERROR)) {
                failures.add("s3://" + object.bucket() + "/" + object.key() + ": " + result.reason());
            }
        }
        if (!failures.isEmpty()) {
            throw new ScanFailedException(failures.size() + " of " + objects.size() + " object(s) could not be scanned: "
                    + String.join("; ", failures));
        }
        return results;
    }

    /** One object, whatever happens: a failure of any kind, an {@link Error} included, is this object's ERROR. */
    private ScanResult scan(ObjectCreated object) {
        long start = System.nanoTime();
        S3ObjectId requested = new S3ObjectId(object.bucket(), object.key(), object.versionId());
        Optional<String> ruled = rules.skipReason(requested.key());
        if (ruled.isPresent()) {
            return skipped(requested, null, ruled.get(), start);
        }
        HeadObjectResponse head;
        try {
            head = reader.head(requested);
        } catch (FetchException e) {
            if (e.reason() == FetchException.Reason.NOT_FOUND) {
                return skipped(requested, null, "the object no longer exists (deleted before the scan)", start);
            }
            return failed(requested, null, null, e, start);
        } catch (RuntimeException | Error e) {
            return failed(requested, null, null, e, start);
        }
        S3ObjectId judged = pinVersion(requested, head);
        ContentBinding content = new ContentBinding(head.eTag(), judged.versionId());
        if (requested.versionId() == null && object.eTag() != null && !content.eTag().equals(ContentBinding.unquote(object.eTag()))) {
            return skipped(judged, content, "the key holds newer content than the event announced (ETag " + object.eTag()
                    + "); the newer upload's own event scans it", start);
        }
        try {
            return scan(judged, head, content, start);
        } catch (VerdictNotRecorded e) {
            return failed(judged, content, e.verdict, e.getCause(), start);
        } catch (RuntimeException | Error e) {
            return failed(judged, content, null, e, start);
        }
    }

    private ScanResult scan(S3ObjectId id, HeadObjectResponse head, ContentBinding content, long start) {
        if (head.contentLength() != null && head.contentLength() < minBytes) {
            return skipped(id, content, "smaller than virtus.scan.min-bytes (" + minBytes + ")", start);
        }
        if (writeMode.tags()) {
            Optional<String> earlier = marker.taggedMarking(id).finalVerdictFor(classifier.modelName(), content);
            if (earlier.isPresent()) {
                return skipped(id, content, "already marked " + earlier.get() + " by " + classifier.modelName() + " for this content", start);
            }
        }
        ClassificationResult verdict;
        try {
            verdict = classifier.fetchAndClassifyOrReport(() -> reader.read(id, head));
        } catch (FetchException e) {
            if (e.reason() == FetchException.Reason.NOT_FOUND || e.reason() == FetchException.Reason.CHANGED) {
                return skipped(id, content, e.getMessage() + "; the newer upload's own event scans it", start);
            }
            throw e;
        }
        Marking marking = new Marking(verdict.status(), verdict.score(), classifier.modelName(), Instant.now(), content);
        // Our own copy onto itself carries the verdict just made in its metadata: copying again would loop.
        boolean metadataAgrees = writeMode.metadata() && marker.metadataMarking(head).sameVerdictAs(marking, marker.prefix());
        if (metadataAgrees && !writeMode.tags()) {
            return skipped(id, content, "already marked " + verdict.status() + " by " + classifier.modelName()
                    + " (its metadata agrees with the verdict just made; metadata alone is never trusted)", start);
        }
        Recording recording;
        try {
            recording = writeMode.metadata() && !metadataAgrees
                    ? marker.writeMetadata(id, head, marking, writeMode.tags())
                    : marker.writeTags(id, marking);
        } catch (RuntimeException e) {
            throw new VerdictNotRecorded(verdict, e);
        }
        return switch (recording.outcome()) {
            case SUPERSEDED -> skipped(id, content, recording.detail(), start);
            case RECORDED -> verdict(id, content, verdict, true, join(verdict.reason(), recording.detail()), start);
            case NOT_RECORDED -> verdict(id, content, verdict, false,
                    join(verdict.reason(), "the verdict is not recorded on the object: " + recording.detail()), start);
        };
    }

    /** An event without a version id, for a versioned bucket: judge and mark the version the HEAD saw, not whatever comes later. */
    private static S3ObjectId pinVersion(S3ObjectId id, HeadObjectResponse head) {
        if (id.versionId() != null || head.versionId() == null || head.versionId().equals("null")) {
            return id;
        }
        return new S3ObjectId(id.bucket(), id.key(), head.versionId());
    }

    /**
     * The object's ERROR: marked as such when its content is known (an ERROR never lands on other content,
     * and is never final, so a retry scans again), and reported with the verdict when there was one.
     */
    private ScanResult failed(S3ObjectId id, ContentBinding content, ClassificationResult verdict, Throwable failure, long start) {
        String reason = (verdict == null ? "" : "the verdict " + verdict.status() + describeScore(verdict) + " could not be recorded: ")
                + failure.getClass().getSimpleName() + ": " + failure.getMessage();
        if (content != null) {
            try {
                marker.writeTags(id, new Marking(ScanResult.ERROR, null, classifier.modelName(), Instant.now(), content));
            } catch (RuntimeException alsoFailed) {
                reason += " (marking ERROR failed too: " + alsoFailed.getMessage() + ")";
            }
        }
        if (failure instanceof Error) {
            LOG.error("scan of " + id + " failed", failure);
        }
        return new ScanResult(id.bucket(), id.key(), id.versionId(), content == null ? null : content.eTag(), ScanResult.ERROR,
                verdict == null ? null : verdict.score(), verdict == null ? null : verdict.label(), classifier.modelName(), null, reason,
                millisSince(start));
    }

    private ScanResult verdict(S3ObjectId id, ContentBinding content, ClassificationResult verdict, boolean recorded, String reason, long start) {
        return new ScanResult(id.bucket(), id.key(), id.versionId(), content.eTag(), verdict.status(), verdict.score(), verdict.label(),
                classifier.modelName(), recorded, reason, millisSince(start));
    }

    private ScanResult skipped(S3ObjectId id, ContentBinding content, String reason, long start) {
        return new ScanResult(id.bucket(), id.key(), id.versionId(), content == null ? null : content.eTag(), ScanResult.SKIPPED,
                null, null, classifier.modelName(), null, reason, millisSince(start));
    }

    private static String describeScore(ClassificationResult verdict) {
        return verdict.score() == null ? "" : String.format(Locale.ROOT, " (score %.4f)", verdict.score());
    }

    private static String join(String first, String second) {
        if (first == null) {
            return second;
        }
        return second == null ? first : first + "; " + second;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private void log(ScanResult result) {
        try {
            String line = json.writeValueAsString(result);
            if (result.alarming()) {
                LOG.error(line);
            } else {
                LOG.info(line);
            }
        } catch (JsonProcessingException e) {
            LOG.error("cannot log scan result of s3://" + result.bucket() + "/" + result.key(), e);
        }
    }

    /** The verdict was made but writing it failed: reported with the verdict, as the object's ERROR. */
    private static final class VerdictNotRecorded extends RuntimeException {
        private final transient ClassificationResult verdict;

        VerdictNotRecorded(ClassificationResult verdict, RuntimeException cause) {
            super(cause);
            this.verdict = verdict;
        }
    }
}
