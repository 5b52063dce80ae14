package dev.virtus.scan.scan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
import dev.virtus.scan.tag.Marking;
import dev.virtus.scan.tag.ObjectMarker;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Scans created objects: skip rules, then read, classify and mark each one. Unreadable images are a
 * verdict ({@code UNSUPPORTED}); S3 or inference failures (after the SDK's retries) mark the object
 * {@code ERROR} where possible and fail the invocation, so that Lambda retries it and finally sends it to
 * the on-failure destination.
 */
@ApplicationScoped
public class ScanService {

    private static final Logger LOG = Logger.getLogger(ScanService.class);
    private static final Set<String> FINAL_STATUSES = Set.of("REAL", "FAKE", ClassificationResult.UNSUPPORTED);

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
            ScanResult result = scanOrMarkError(object);
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

    private ScanResult scanOrMarkError(ObjectCreated object) {
        long start = System.nanoTime();
        S3ObjectId id = new S3ObjectId(object.bucket(), object.key(), object.versionId());
        try {
            return scan(id, start);
        } catch (RuntimeException failure) {
            String reason = failure.getClass().getSimpleName() + ": " + failure.getMessage();
            try {
                marker.writeTags(id, marker.tags(id), new Marking(ScanResult.ERROR, null, classifier.modelName(), Instant.now()));
            } catch (RuntimeException alsoFailed) {
                reason += " (marking ERROR failed too: " + alsoFailed.getMessage() + ")";
            }
            return result(id, ScanResult.ERROR, null, null, reason, start);
        }
    }

    private ScanResult scan(S3ObjectId id, long start) {
        Optional<String> ruled = rules.skipReason(id.key());
        if (ruled.isPresent()) {
            return result(id, ScanResult.SKIPPED, null, null, ruled.get(), start);
        }
        HeadObjectResponse head;
        try {
            head = reader.head(id);
        } catch (FetchException e) {
            if (e.reason() == FetchException.Reason.NOT_FOUND) {
                return result(id, ScanResult.SKIPPED, null, null, "the object no longer exists (deleted before the scan)", start);
            }
            throw e;
        }
        if (head.contentLength() != null && head.contentLength() < minBytes) {
            return result(id, ScanResult.SKIPPED, null, null, "smaller than virtus.scan.min-bytes (" + minBytes + ")", start);
        }
        List<Tag> tags = marker.tags(id);
        Optional<String> earlier = earlierMarking(head.metadata(), tags);
        if (earlier.isPresent()) {
            return result(id, ScanResult.SKIPPED, null, null, "already marked " + earlier.get() + " by " + classifier.modelName(), start);
        }
        ClassificationResult verdict = classifier.fetchAndClassifyOrReport(() -> reader.read(id, head));
        Marking marking = new Marking(verdict.status(), verdict.score(), classifier.modelName(), Instant.now());
        if (writeMode.metadata()) {
            marker.writeMetadata(id, head, tags, marking, writeMode.tags());
        } else {
            marker.writeTags(id, tags, marking);
        }
        return result(id, verdict.status(), verdict.score(), verdict.label(), verdict.reason(), start);
    }

    /** The final status we wrote earlier with this same model, from tags or metadata. */
    private Optional<String> earlierMarking(Map<String, String> metadata, List<Tag> tags) {
        String model = Marking.sanitize(classifier.modelName());
        String statusKey = marker.prefix() + Marking.STATUS;
        String modelKey = marker.prefix() + Marking.MODEL;
        String taggedStatus = null;
        String taggedModel = null;
        for (Tag tag : tags) {
            if (tag.key().equals(statusKey)) {
                taggedStatus = tag.value();
            } else if (tag.key().equals(modelKey)) {
                taggedModel = tag.value();
            }
        }
        if (model.equals(taggedModel) && FINAL_STATUSES.contains(taggedStatus)) {
            return Optional.of(taggedStatus);
        }
        String metadataStatus = metadata.get(statusKey);
        if (model.equals(metadata.get(modelKey)) && FINAL_STATUSES.contains(metadataStatus)) {
            return Optional.of(metadataStatus);
        }
        return Optional.empty();
    }

    private ScanResult result(S3ObjectId id, String status, Double score, String label, String reason, long start) {
        return new ScanResult(id.bucket(), id.key(), id.versionId(), status, score, label, classifier.modelName(), reason,
                (System.nanoTime() - start) / 1_000_000);
    }

    private void log(ScanResult result) {
        try {
            String line = json.writeValueAsString(result);
            if (result.status().equals(ScanResult.ERROR)) {
                LOG.error(line);
            } else {
                LOG.info(line);
            }
        } catch (JsonProcessingException e) {
            LOG.error("cannot log scan result of s3://" + result.bucket() + "/" + result.key(), e);
        }
    }
}
