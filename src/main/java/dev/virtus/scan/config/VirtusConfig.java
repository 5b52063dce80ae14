package dev.virtus.scan.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The {@code virtus.*} settings every build reads: the Lambda functions, the command line and the GPU service, whose
 * own keys are in its {@code ServiceConfig} (src/gpu). Environment variables follow the MicroProfile mapping
 * ({@code virtus.model.location} is {@code VIRTUS_MODEL_LOCATION}). docs/settings.md lists every key.
 */
@ConfigMapping(prefix = "virtus")
public interface VirtusConfig {

    Model model();

    Decode decode();

    Inference inference();

    Fetch fetch();

    Tags tags();

    /** The MAC key that makes a marking on an object provably the scanner's own. */
    Marking marking();

    /** What the bucket policy of the deployment enforces, as far as scanning must know it. */
    Enforcement enforcement();

    Scan scan();

    /** Face-aware scoring: judge the faces of an image, as face-crop deepfake models are trained to. */
    Faces faces();

    /** Verdict events published to EventBridge. */
    Events events();

    /** CloudWatch metrics of scans, as Embedded Metric Format lines on standard output. */
    Metrics metrics();

    /** What an image says about its own origin (C2PA Content Credentials, IPTC), beside the model's verdict. */
    Provenance provenance();

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

        /**
         * Most frames in an animated GIF, APNG or WebP, counted from the headers before decoding. Every frame is
         * judged; a file with more is refused, never judged on a subset.
         */
        @WithDefault("100")
        int maxFrames();

        /**
         * Most pixels across all the frames of an animated image (frames x canvas), checked from the headers before
         * decoding: every frame is composited and preprocessed at the canvas's size.
         */
        @WithDefault("120000000")
        long maxTotalPixels();
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

    interface Events {
        /** The EventBridge bus (name or ARN) that receives a {@code Virtus Scan Result} event per scanned object; none: no events. */
        Optional<String> eventBus();

        /** The bus's region; defaults to the bus ARN's, else the SDK's region chain (AWS_REGION, the profile, ...). */
        Optional<String> region();

        /**
         * Another EventBridge endpoint, e.g. an emulator. Unset, the SDK's endpoint settings apply
         * ({@code AWS_ENDPOINT_URL_EVENTBRIDGE}, {@code AWS_ENDPOINT_URL}, the profile's {@code endpoint_url}).
         */
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
         * {@code virtus.http.fetch-concurrency} URLs at once, which this follows unless set (8 where that is unset,
         * as on Lambda).
         */
        @WithDefault("${virtus.http.fetch-concurrency:8}")
        int maxConnections();
    }

    interface Tags {
        /** Prefix of our tag keys ({@code status}, {@code score}, {@code model}, {@code scanned-at}) and metadata names. */
        @WithDefault("deepfake-")
        String prefix();
    }

    /**
     * Where the key of the markings' HMAC-SHA256 comes from, read once when the scanner starts. The first source set
     * wins: {@code key-secret}, then {@code key-parameter}, then {@code key}. With none, {@code scan} refuses to
     * start: a marking nobody can verify would be rescanned on every delivery, or trusted when forged.
     */
    interface Marking {
        /** A Secrets Manager secret (name or ARN) whose string value is the key; read in the ARN's region, else the SDK's. */
        Optional<String> keySecret();

        /** An SSM parameter (name or ARN, SecureString) whose value is the key; read with decryption. */
        Optional<String> keyParameter();

        /** The key itself, for local use (command line, tests); at least 32 characters. */
        Optional<String> key();
    }

    interface Enforcement {
        /**
         * The module's {@code enforcement_mode}: {@code allow_real} makes an object readable by its status tag, so a
         * verdict equal to {@code real-status} is recorded only on a version of a versioned bucket, where it names
         * bytes that cannot change ({@code UNVERSIONED} otherwise). {@code deny_fake} and {@code off} change nothing here.
         */
        @WithDefault("off")
        Mode mode();

        /** The status the bucket policy lets through ({@code enforcement_real_status}). */
        @WithDefault("REAL")
        String realStatus();

        /** How long a bucket's versioning status (GetBucketVersioning) is trusted before it is asked again. */
        @WithDefault("5m")
        Duration versioningCacheTime();

        enum Mode {
            OFF,
            DENY_FAKE,
            ALLOW_REAL
        }
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

    interface Provenance {
        /**
         * {@code report}: the verdict is the model's, provenance is reported beside it; {@code declared-ai-is-fake}:
         * a valid C2PA manifest whose content matches and that declares the image AI-generated makes it FAKE
         * without the model; {@code trusted-capture-is-real}: that, and a camera capture signed under one of the
         * {@code trust-anchors} makes it REAL without the model (refused at start-up without trust anchors).
         */
        @WithDefault("report")
        Policy policy();

        /** PEM file of the root certificates trusted to vouch for C2PA signers; none: "signed, not trusted". */
        Optional<Path> trustAnchors();

        enum Policy {
            REPORT,
            DECLARED_AI_IS_FAKE,
            TRUSTED_CAPTURE_IS_REAL
        }
    }
}
