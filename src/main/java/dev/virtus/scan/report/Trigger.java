package dev.virtus.scan.report;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** What asked for a scan, as verdict events and metrics name it. */
public enum Trigger {
    /** An S3 notification or EventBridge event for a new object. */
    UPLOAD,
    /** An S3 Batch Operations task (backfill, re-scan). */
    BATCH,
    /** {@code bin/virtus scan}. */
    CLI,
    /** The GPU service's queue worker. */
    QUEUE;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
