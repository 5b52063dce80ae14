package dev.virtus.scan.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import dev.virtus.scan.fetch.CidrRange;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Every {@code virtus.*} setting. Environment variables follow the MicroProfile mapping
 * ({@code virtus.model.location} is {@code VIRTUS_MODEL_LOCATION}).
 */
@ConfigMapping(prefix = "virtus")
public interface VirtusConfig {

    Model model();

    Decode decode();

    Inference inference();

    Fetch fetch();

    Tags tags();

    Scan scan();

    /** Face-aware scoring: judge the faces of an image, as face-crop deepfake models are trained to. */
    Faces faces();

    /** Dynamic batching of the GPU service: requests from the queue and from HTTP share ONNX Runtime calls. */
    Batch batch();

    /** The SQS queue the GPU service polls for S3 event notifications. */
    Sqs sqs();

    /** Verdict events published to EventBridge. */
    Events events();

    /** CloudWatch metrics of scans, as Embedded Metric Format lines on standard output. */
    Metrics metrics();

    /** The GPU service's {@code POST /classify}: how much of the caller's fetching it does at once. */
    Http http();

    /** How {@code scan} records its verdict: object tags, user metadata (by copying the object onto itself), or both. */
    @WithDefault("tags")
    WriteMode writeMode();

    enum WriteMode {
        TAGS,
        METADATA,
        BOTH;

        public boolean tags() {
            return this != METADATA;
        }

        public boolean metadata() {
            return this != TAGS;
        }
    }

    /** Score of the positive label at or above which the verdict is the positive label (0 to 1). */
    @WithDefault("0.5")
    double threshold();

    interface Model {
        /**
         * The export directory written by {@code model/export.py}: a local path or {@code s3://bucket/prefix}.
         */
        String location();

        /** The ONNX file inside the export directory, e.g. {@code model.int8.onnx}. */
        @WithDefault("model.onnx")
        String file();

        /** Name reported with every verdict; defaults to the manifest's model id, else the directory name. */
        Optional<String> name();

        /** The label whose probability is the score, matched case-insensitively against {@code id2label}. */
        @WithDefault("fake")
        String positiveLabel();

        /** Check the size and CRC-32 of the ONNX file and the configs at start-up against {@code manifest.json}. */
        @WithDefault("true")
        boolean verifyChecksums();

        /** Where an export directory read from S3 is stored (Lambda: under /tmp). */
        @WithDefault("${java.io.tmpdir}/virtus-model")
        Path cacheDirectory();

        /**
         * Byte-range GETs in flight for each ONNX file downloaded from S3, 16 MB each: one S3 connection
         * gives roughly 90 MB/s. 1 downloads each file with one plain GET.
         */
        @WithDefault("8")
        int downloadStreams();

        /** GPU service: wait before loading again after a failed load (readiness is down meanwhile). */
        @WithDefault("10s")
        Duration loadRetryDelay();
    }

    interface Decode {
        /** Largest encoded image accepted, in bytes. */
        @WithDefault("20971520")
        long maxBytes();

        /** Largest decoded image accepted, in pixels (width x height), checked before any pixel is decoded. */
        @WithDefault("40000000")
        long maxPixels();

        /** Longest side accepted, in pixels, checked before decoding; bounds the resize coefficient tables. */
        @WithDefault("16384")
        int maxDimension();

        /** Largest ratio of the longer side to the shorter, checked before decoding; bounds the resized image. */
        @WithDefault("100")
        double maxAspectRatio();

        /**
         * Most scans (SOS markers) in a JPEG, counted before decoding. The JDK's decoder redraws the whole image
         * after every scan of a progressive JPEG; common encoders write at most about 10.
         */
        @WithDefault("100")
        int maxJpegScans();

        /** Longest time one image may take to decode; the reader is stopped at its next row or scan beyond it. */
        @WithDefault("10s")
        Duration timeout();
    }

    interface Inference {
        /** ONNX Runtime intra-op threads; defaults to the number of available processors. */
        OptionalInt intraOpThreads();

        /** {@link #intraOpThreads()}, or the number of available processors when it is not set. */
        default int intraOpThreadCount() {
            return intraOpThreads().orElse(Runtime.getRuntime().availableProcessors());
        }

        /**
         * Whether idle ONNX Runtime worker threads spin. Spinning trades CPU time for latency; on a
         * Lambda's fractional vCPUs it mostly burns the budget.
         */
        @WithDefault("false")
        boolean allowSpinning();

        /** Largest number of images sent to ONNX Runtime in one call. */
        @WithDefault("8")
        int maxBatchSize();

        /**
         * The execution provider: {@code auto} takes CUDA when this build's ONNX Runtime has it and an NVIDIA
         * GPU is visible, the CPU otherwise; {@code cuda} fails unless CUDA starts; {@code cpu} never tries CUDA.
         */
        @WithDefault("auto")
        Provider provider();

        /** The CUDA device ordinal used by the CUDA provider. */
        @WithDefault("0")
        int cudaDevice();

        enum Provider {
            AUTO,
            CPU,
            CUDA
        }
    }

    interface Batch {
        /** Most images in one ONNX Runtime call (the service also sets virtus.inference.max-batch-size to it). */
        @WithDefault("16")
        int maxSize();

        /** Longest time the oldest waiting image is held back for a fuller batch. */
        @WithDefault("10ms")
        Duration maxDelay();

        /** Images accepted and not yet answered, decoding included; HTTP gets 503 beyond it, the queue waits. */
        @WithDefault("64")
        int queueCapacity();

        /** Threads that decode and preprocess while ONNX Runtime runs the previous batch. */
        @WithDefault("2")
        int prepareThreads();

        /** The {@code Retry-After} seconds of a 503 answered when the queue is full or the model still loading. */
        @WithDefault("1")
        int retryAfterSeconds();
    }

    interface Sqs {
        /** The queue receiving the bucket's ObjectCreated notifications; no worker runs without it. */
        Optional<String> queueUrl();

        /** Another SQS endpoint, e.g. an emulator. */
        Optional<URI> endpointOverride();

        /** The queue's region; defaults to the SDK's region chain (AWS_REGION). */
        Optional<String> region();

        /** Long-polling wait of one receive (0 to 20 s); shutdown waits for the poll in progress. */
        @WithDefault("20s")
        Duration waitTime();

        /** Messages asked for per receive (1 to 10). */
        @WithDefault("10")
        int maxMessages();

        /**
         * Visibility timeout set on received messages; a message whose objects are not all tagged within it is
         * delivered again. Empty: the queue's own setting.
         */
        Optional<Duration> visibilityTimeout();

        /** Messages scanned at once; their images meet in the batcher. */
        @WithDefault("16")
        int concurrency();

        /**
         * Records one message may name (S3 sends one per message); a message with more is not scanned but left
         * for the queue's redrive policy, so that a sender cannot pack a whole message (256 KB) with objects.
         */
        @WithDefault("10")
        int maxRecordsPerMessage();
    }

    interface Events {
        /** The EventBridge bus (name or ARN) that receives a {@code Virtus Scan Result} event per scanned object; none: no events. */
        Optional<String> eventBus();

        /** The bus's region; defaults to the ARN's, else the SDK's region chain (AWS_REGION). */
        Optional<String> region();

        /** Another EventBridge endpoint, e.g. an emulator. */
        Optional<URI> endpointOverride();
    }

    interface Metrics {
        /** Write one Embedded Metric Format line per scanned object to standard output. */
        @WithDefault("true")
        boolean enabled();

        /** The CloudWatch namespace of the metrics. */
        @WithDefault("VirtusScan")
        String namespace();
    }

    interface Http {
        /** URL and S3 downloads of {@code POST /classify} running at once; a request beyond them gets 503. */
        @WithDefault("8")
        int fetchConcurrency();

        /**
         * Longest a {@code POST /classify} download, URL or S3, may take in all (connect, redirects, body); beyond
         * it 504. Follows {@code virtus.fetch.total-timeout}, the URL fetcher's own limit, unless set.
         */
        @WithDefault("${virtus.fetch.total-timeout}")
        Duration fetchTimeout();
    }

    /** The guard on URLs that {@code classify} downloads on the caller's behalf. */
    interface Fetch {
        /** Also fetch plain http URLs (https always). */
        @WithDefault("false")
        boolean allowHttp();

        /**
         * Ranges of non-public addresses (loopback, private, link-local, unique-local, multicast, reserved,
         * unspecified) that are fetched too, e.g. {@code 10.20.0.0/16,fd12:3456::/48}; every other non-public
         * address stays refused. None by default.
         */
        Optional<List<CidrRange>> allowedCidrs();

        @WithDefault("3")
        int maxRedirects();

        @WithDefault("5s")
        Duration connectTimeout();

        /** Longest wait for the next bytes of a response. */
        @WithDefault("10s")
        Duration readTimeout();

        /**
         * Longest time one fetch may take, redirects, connects and the whole body included: a server trickling
         * a byte at a time never trips the read timeout.
         */
        @WithDefault("30s")
        Duration totalTimeout();

        /**
         * Connections to URLs open at once, to one host or to all: the GPU service fetches up to
         * {@code virtus.http.fetch-concurrency} URLs at once, which this follows unless set.
         */
        @WithDefault("${virtus.http.fetch-concurrency}")
        int maxConnections();
    }

    interface Tags {
        /** Prefix of our tag keys ({@code status}, {@code score}, {@code model}, {@code scanned-at}) and metadata names. */
        @WithDefault("deepfake-")
        String prefix();
    }

    /** Which objects {@code scan} classifies; an empty list means no rule of that kind. */
    interface Scan {
        /** Only keys starting with one of these are scanned. */
        Optional<List<String>> includePrefixes();

        /** Keys starting with one of these are skipped. */
        Optional<List<String>> excludePrefixes();

        /** Only keys ending with one of these (case-insensitive) are scanned. */
        Optional<List<String>> includeSuffixes();

        /** Keys ending with one of these (case-insensitive) are skipped. */
        Optional<List<String>> excludeSuffixes();

        /** Objects smaller than this many bytes are skipped. */
        @WithDefault("1")
        long minBytes();
    }

    interface Faces {
        /**
         * {@code off}: the whole image is judged; {@code crop}: each face is judged and the most fake face is the
         * image's verdict, the whole image when no face is found; {@code require}: as {@code crop}, but an image
         * without a face is {@code NO_FACE}. Needs the face detector in the export directory
         * ({@code model/export.py --faces}).
         */
        @WithDefault("off")
        Mode mode();

        /**
         * Context around a face: the crop is a square of (1 + margin) times the box's longer side, centred on the
         * box. 0.3 gives the 1.3x enlarged boxes of FaceForensics++-style face crops; BlazeFace's box is tight
         * (brows to chin).
         */
        @WithDefault("0.3")
        double margin();

        /** Most faces judged per image, those the detector is surest of; the others are counted, not judged. */
        @WithDefault("8")
        int maxFaces();

        /** Faces whose box is smaller than this on its longer side, in image pixels, are ignored. */
        @WithDefault("32")
        int minSize();

        enum Mode {
            OFF,
            CROP,
            REQUIRE
        }
    }
}
