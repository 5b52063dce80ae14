package dev.virtus.scan.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

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

        /** Where an export directory read from S3 is stored (Lambda: under /tmp). */
        @WithDefault("${java.io.tmpdir}/virtus-model")
        Path cacheDirectory();
    }

    interface Decode {
        /** Largest encoded image accepted, in bytes. */
        @WithDefault("20971520")
        long maxBytes();

        /** Largest decoded image accepted, in pixels (width x height), checked before any pixel is decoded. */
        @WithDefault("40000000")
        long maxPixels();
    }

    interface Inference {
        /** ONNX Runtime intra-op threads; defaults to the number of available processors. */
        OptionalInt intraOpThreads();

        /**
         * Whether idle ONNX Runtime worker threads spin. Spinning trades CPU time for latency; on a
         * Lambda's fractional vCPUs it mostly burns the budget.
         */
        @WithDefault("false")
        boolean allowSpinning();

        /** Largest number of images sent to ONNX Runtime in one call. */
        @WithDefault("8")
        int maxBatchSize();
    }

    /** The guard on URLs that {@code classify} downloads on the caller's behalf. */
    interface Fetch {
        /** Also fetch plain http URLs (https always). */
        @WithDefault("false")
        boolean allowHttp();

        /** Connect to loopback, private, link-local, unique-local, multicast and unspecified addresses too. */
        @WithDefault("false")
        boolean allowPrivateAddresses();

        @WithDefault("3")
        int maxRedirects();

        @WithDefault("5s")
        Duration connectTimeout();

        /** Longest wait for the next bytes of a response. */
        @WithDefault("10s")
        Duration readTimeout();
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
}
