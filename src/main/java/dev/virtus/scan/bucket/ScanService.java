package dev.virtus.scan.bucket;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.virtus.scan.classify.ClassificationResult;
import dev.virtus.scan.classify.Classifier;
import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.event.ObjectCreated;
import dev.virtus.scan.fetch.FetchException;
import dev.virtus.scan.fetch.S3ObjectId;
import dev.virtus.scan.fetch.S3ObjectReader;
import dev.virtus.scan.fetch.UnreadableObjectException;
import dev.virtus.scan.classify.ProvenanceCheck;
import dev.virtus.scan.report.ScanReporter;
import dev.virtus.scan.report.ScanResult;
import dev.virtus.scan.report.Scanned;
import dev.virtus.scan.report.Trigger;
import dev.virtus.scan.tag.ContentBinding;
import dev.virtus.scan.tag.Marking;
import dev.virtus.scan.tag.ObjectMarker;
import dev.virtus.scan.tag.Recording;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Scans created objects: skip rules, then read, classify and mark each one. Every verdict is bound to the
 * bytes it judged (the version id where there is one, else their SHA-256): an earlier marking counts only
 * for those bytes and only when its MAC verifies, and a marking is never written onto newer content.
 * Unreadable images are a verdict ({@code UNSUPPORTED}), and so are objects their uploader stored out of the
 * scanner's reach (SSE-C, archived, a KMS key it may not use): final, never retried; a restore's completion
 * scans an archived object again. S3 or inference failures (after the SDK's retries) mark the object
 * {@code ERROR} where possible and fail the invocation, so that Lambda retries it and finally sends it to the
 * on-failure destination.
 */
@ApplicationScoped
public class ScanService {

    private static final Logger LOG = Logger.getLogger(ScanService.class);

    /** How the reason of a skip for a missing object starts. */
    public static final String NO_LONGER_EXISTS = "the object no longer exists";

    private final S3ObjectReader reader;
    private final ObjectMarker marker;
    private final Classifier classifier;
    private final ScanRules rules;
    private final VirtusConfig.WriteMode writeMode;
    private final long minBytes;
    private final ScanReporter reporter;
    private final ProvenanceCheck provenance;

    public ScanService(S3ObjectReader reader, ObjectMarker marker, Classifier classifier, VirtusConfig config, ScanReporter reporter) {
        this.reader = reader;
        this.marker = marker;
        this.classifier = classifier;
        this.rules = new ScanRules(config.scan());
        this.writeMode = config.writeMode();
        this.minBytes = config.scan().minBytes();
        this.reporter = reporter;
        this.provenance = ProvenanceCheck.from(config.provenance());
    }

    /**
     * Scans every object, then fails if any could not be scanned; the others are marked already and a
     * retried delivery skips them.
     */
    public List<ScanResult> scanAll(List<ObjectCreated> objects, Trigger trigger) {
        List<ScanResult> results = scan(objects, trigger);
        List<String> failures = results.stream().filter(r -> r.status().equals(ScanResult.ERROR))
                .map(r -> "s3://" + r.bucket() + "/" + r.key() + ": " + r.reason()).toList();
        if (!failures.isEmpty()) {
            throw new ScanFailedException(failures.size() + " of " + objects.size() + " object(s) could not be scanned: "
                    + String.join("; ", failures));
        }
        return results;
    }

    /** {@link #scanAll(List, Trigger)} for uploads. */
    public List<ScanResult> scanAll(List<ObjectCreated> objects) {
        return scanAll(objects, Trigger.UPLOAD);
    }

    /** Scans and reports every object; a failure is the object's {@code ERROR} result, never an exception. */
    public List<ScanResult> scan(List<ObjectCreated> objects, Trigger trigger) {
        List<Scanned> scans = objects.stream().map(this::scan).toList();
        reporter.report(trigger, scans);
        return scans.stream().map(Scanned::result).toList();
    }

    /**
     * Why {@code object} would not be classified now, judged from what a listing says of it (size, ETag) and
     * its tags, without reading or writing it; empty when it would be. Without a version id the digest the
     * marking names is taken on trust here: a scan reads and hashes the bytes to be sure.
     */
    public Optional<String> dryRun(ObjectCreated object) {
        S3ObjectId id = new S3ObjectId(object.bucket(), object.key(), object.versionId());
        Optional<String> ruled = rules.skipReason(id.key());
        if (ruled.isPresent()) {
            return ruled;
        }
        Optional<String> small = tooSmall(object.size());
        if (small.isPresent() || object.eTag() == null) {
            return small;
        }
        if (id.versionId() != null) {
            return alreadyMarked(id, new ContentBinding(object.eTag(), id.versionId()), false);
        }
        return marker.claimedFinalVerdict(id, classifier.modelName(), object.eTag())
                .map(status -> "already marked " + status + " by " + classifier.modelName() + " (a scan hashes the bytes to confirm)");
    }

    /** @param size -1 when unknown */
    private Optional<String> tooSmall(long size) {
        return size >= 0 && size < minBytes ? Optional.of("smaller than virtus.scan.min-bytes (" + minBytes + ")") : Optional.empty();
    }

    /**
     * Why content needs no classification: the scanner's own marking (its MAC verifies) of a final verdict by this
     * model names exactly these bytes, by version id or by the digest of the bytes just read. Tags only: metadata is
     * never evidence. Content known only by its ETag is never taken as marked.
     *
     * @param restored a restore of an archived object completed: its {@code UNSUPPORTED} marking was made
     *        while it could not be read, so it does not count
     */
    private Optional<String> alreadyMarked(S3ObjectId id, ContentBinding content, boolean restored) {
        if (!content.provable()) {
            return Optional.empty();
        }
        return marker.finalVerdict(id, classifier.modelName(), content)
                .filter(status -> !(restored && status.equals(ClassificationResult.UNSUPPORTED)))
                .map(status -> "already marked " + status + " by " + classifier.modelName() + " for this content");
    }

    /** One object, whatever happens: a failure of any kind, an {@link Error} included, is this object's ERROR. */
    private Scanned scan(ObjectCreated object) {
        Attempt attempt = new Attempt(new S3ObjectId(object.bucket(), object.key(), object.versionId()),
                object.eventName() != null && object.eventName().startsWith(ObjectCreated.RESTORE_COMPLETED));
        Optional<String> ruled = rules.skipReason(attempt.id.key());
        if (ruled.isPresent()) {
            return attempt.skipped(ruled.get());
        }
        HeadObjectResponse head;
        try {
            head = reader.head(attempt.id);
        } catch (UnreadableObjectException e) {
            // No HEAD to bind the marking to: the event's ETag names the content.
            if (object.eTag() != null) {
                attempt.content = new ContentBinding(object.eTag(), attempt.id.versionId());
            }
            attempt.bytes = object.size();
            return guarded(attempt, () -> tooSmall(attempt.bytes)
                    .or(() -> attempt.content == null ? Optional.empty() : alreadyMarked(attempt.id, attempt.content, attempt.restored))
                    .map(attempt::skipped).orElseGet(() -> unreadable(attempt, e)));
        } catch (FetchException e) {
            if (e.reason() == FetchException.Reason.NOT_FOUND) {
                return attempt.skipped(NO_LONGER_EXISTS + " (deleted before the scan)");
            }
            return attempt.failed(e);
        } catch (RuntimeException | Error e) {
            return attempt.failed(e);
        }
        boolean versionless = attempt.id.versionId() == null;
        attempt.read(pinVersion(attempt.id, head), head);
        if (versionless && object.eTag() != null && !attempt.content.eTag().equals(ContentBinding.unquote(object.eTag()))) {
            return attempt.skipped("the key holds newer content than the event announced (ETag " + object.eTag()
                    + "); the newer upload's own event scans it");
        }
        return guarded(attempt, () -> scan(attempt, head));
    }

    /** The attempt's result, or its ERROR when getting there fails in any way. */
    private static Scanned guarded(Attempt attempt, Supplier<Scanned> scan) {
        try {
            return scan.get();
        } catch (RuntimeException | Error e) {
            return attempt.failed(e instanceof VerdictNotRecorded notRecorded ? notRecorded.getCause() : e);
        }
    }

    private Scanned scan(Attempt attempt, HeadObjectResponse head) {
        S3ObjectId id = attempt.id;
        Optional<String> done = tooSmall(attempt.bytes).or(() -> alreadyMarked(id, attempt.content, attempt.restored));
        if (done.isPresent()) {
            return attempt.skipped(done.get());
        }
        Fetched fetched;
        try {
            fetched = attempt.timeFetch(() -> Fetched.of(() -> reader.readDigested(id, head)));
        } catch (FetchException e) {
            if (e.reason() == FetchException.Reason.NOT_FOUND) {
                return attempt.skipped(NO_LONGER_EXISTS + " (deleted while it was read)");
            }
            if (e.reason() == FetchException.Reason.CHANGED) {
                return attempt.skipped(e.getMessage() + "; the newer upload's own event scans it");
            }
            if (e instanceof UnreadableObjectException unreadable) {
                return unreadable(attempt, unreadable);
            }
            throw e;
        }
        if (fetched.read() != null) {
            attempt.content = attempt.content.withDigest(fetched.read().sha256());
            // Without a version id only the bytes themselves say whether they were judged already.
            done = id.versionId() == null ? alreadyMarked(id, attempt.content, attempt.restored) : Optional.empty();
            if (done.isPresent()) {
                return attempt.skipped(done.get());
            }
        }
        ClassificationResult verdict = classifier.fetchAndClassifyOrReport(fetched::bytes, provenance);
        attempt.verdict = verdict;
        Optional<String> unservable = marker.unservable(id, verdict.status());
        String status = unservable.isPresent() ? Marking.UNVERSIONED : verdict.status();
        Marking marking = new Marking(status, verdict.score(), classifier.modelName(), attempt.scannedAt, attempt.content,
                verdict.faceCount(), verdict.provenanceSummary());
        String reason = join(verdict.reason(), unservable.orElse(null));
        // Our own copy onto itself carries the verdict just made in its metadata: copying again would loop.
        boolean metadataAgrees = writeMode.metadata() && marker.metadataMarking(head).sameVerdictAs(marking);
        if (metadataAgrees && !writeMode.tags()) {
            return attempt.skipped("already marked " + status + " by " + classifier.modelName()
                    + " (its metadata agrees with the verdict just made; metadata alone is never trusted)");
        }
        return recorded(attempt, status, reason, () -> writeMode.metadata() && !metadataAgrees
                ? marker.writeMetadata(id, head, marking, writeMode.tags())
                : marker.writeTags(id, marking));
    }

    /**
     * An object its uploader stored out of reach: a final {@code UNSUPPORTED} that names why, marked in tags
     * only (metadata mode's copy onto itself needs the very reading S3 refuses).
     */
    private Scanned unreadable(Attempt attempt, UnreadableObjectException e) {
        attempt.verdict = ClassificationResult.unsupported(e.getMessage(), classifier.modelName());
        String notRecordable = !writeMode.tags() ? "virtus.write-mode=metadata records a verdict by copying the object onto itself,"
                + " which S3 refuses for it"
                : attempt.content == null ? "its ETag is unknown (the request named none, and S3 refuses its HEAD)"
                : attempt.id.versionId() == null && e.kind() == UnreadableObjectException.Kind.SSE_C
                ? "without a version id a tag write is checked against the key's current ETag by a HEAD, which S3 refuses for SSE-C"
                : null;
        if (notRecordable != null) {
            return attempt.judged(ClassificationResult.UNSUPPORTED, false,
                    join(e.getMessage(), "the verdict is not recorded on the object: " + notRecordable));
        }
        Marking marking = new Marking(ClassificationResult.UNSUPPORTED, null, classifier.modelName(), attempt.scannedAt, attempt.content);
        return recorded(attempt, ClassificationResult.UNSUPPORTED, e.getMessage(), () -> marker.writeTags(attempt.id, marking));
    }

    /** The attempt's result once {@code write} has put its verdict on the object, or said why it did not. */
    private static Scanned recorded(Attempt attempt, String status, String reason, Supplier<Recording> write) {
        Recording recording;
        try {
            recording = write.get();
        } catch (RuntimeException e) {
            throw new VerdictNotRecorded(e);
        }
        return switch (recording.outcome()) {
            case SUPERSEDED -> attempt.skipped(recording.detail());
            case RECORDED -> attempt.judged(status, true, join(reason, recording.detail()));
            case NOT_RECORDED -> attempt.judged(status, false, join(reason, "the verdict is not recorded on the object: " + recording.detail()));
        };
    }

    /**
     * The object's bytes with their digest, or the refusal of an object over the byte limit, which the classifier
     * turns into {@code UNSUPPORTED}; other fetch failures propagate.
     */
    private record Fetched(S3ObjectReader.Digested read, FetchException tooLarge) {
        static Fetched of(Supplier<S3ObjectReader.Digested> read) {
            try {
                return new Fetched(read.get(), null);
            } catch (FetchException e) {
                if (e.reason() != FetchException.Reason.TOO_LARGE) {
                    throw e;
                }
                return new Fetched(null, e);
            }
        }

        byte[] bytes() {
            if (read == null) {
                throw tooLarge;
            }
            return read.bytes();
        }
    }

    /** An event without a version id, for a versioned bucket: judge and mark the version the HEAD saw, not whatever comes later. */
    private static S3ObjectId pinVersion(S3ObjectId id, HeadObjectResponse head) {
        if (id.versionId() != null || head.versionId() == null || head.versionId().equals("null")) {
            return id;
        }
        return new S3ObjectId(id.bucket(), id.key(), head.versionId());
    }

    private static String join(String first, String second) {
        if (first == null) {
            return second;
        }
        return second == null ? first : first + "; " + second;
    }

    /** One object on its way through the scan: what is known of it so far, and the result it comes to. */
    private final class Attempt {
        private final long start = System.nanoTime();
        private final Instant scannedAt = Instant.now();
        private final boolean restored;
        private S3ObjectId id;
        private ContentBinding content;
        private long bytes = -1;
        private double fetchMs;
        private ClassificationResult verdict;

        Attempt(S3ObjectId requested, boolean restored) {
            this.id = requested;
            this.restored = restored;
        }

        void read(S3ObjectId judged, HeadObjectResponse head) {
            id = judged;
            content = new ContentBinding(head.eTag(), judged.versionId());
            bytes = head.contentLength() == null ? -1 : head.contentLength();
        }

        <T> T timeFetch(Supplier<T> fetch) {
            long fetchStart = System.nanoTime();
            try {
                return fetch.get();
            } finally {
                fetchMs = (System.nanoTime() - fetchStart) / 1_000_000.0;
            }
        }

        Scanned skipped(String reason) {
            return done(ScanResult.SKIPPED, null, null, reason);
        }

        Scanned judged(String status, boolean recorded, String reason) {
            return done(status, verdict.score(), recorded, reason);
        }

        /**
         * The object's ERROR: marked as such when its content is known (an ERROR never lands on other
         * content, and is never final, so a retry scans again), and reported with the verdict when there was one.
         */
        Scanned failed(Throwable failure) {
            String reason = (verdict == null ? "" : "the verdict " + verdict.status()
                    + (verdict.score() == null ? "" : String.format(Locale.ROOT, " (score %.4f)", verdict.score()))
                    + " could not be recorded: ") + failure.getClass().getSimpleName() + ": " + failure.getMessage();
            if (content != null) {
                try {
                    marker.writeTags(id, new Marking(ScanResult.ERROR, null, classifier.modelName(), scannedAt, content));
                } catch (RuntimeException alsoFailed) {
                    reason += " (marking ERROR failed too: " + alsoFailed.getMessage() + ")";
                }
            }
            if (failure instanceof Error) {
                LOG.error("scan of " + id + " failed", failure);
            }
            return done(ScanResult.ERROR, verdict == null ? null : verdict.score(), null, reason);
        }

        private Scanned done(String status, Double score, Boolean recorded, String reason) {
            ScanResult result = new ScanResult(id.bucket(), id.key(), id.versionId(), content == null ? null : content.eTag(), status, score,
                    verdict == null || score == null ? null : verdict.label(), classifier.modelName(), recorded, reason,
                    (System.nanoTime() - start) / 1_000_000, verdict == null ? null : verdict.provenanceSummary(),
                    verdict == null ? null : verdict.decidedBy());
            return new Scanned(result, verdict, scannedAt, fetchMs, bytes);
        }
    }

    /** The verdict was made but writing it failed: reported with the verdict, as the object's ERROR. */
    private static final class VerdictNotRecorded extends RuntimeException {
        VerdictNotRecorded(RuntimeException cause) {
            super(cause);
        }
    }
}
