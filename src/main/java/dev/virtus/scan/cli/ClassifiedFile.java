package dev.virtus.scan.cli;

import java.nio.file.Path;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

import dev.virtus.scan.classify.ClassificationResult;

/** One file's outcome: what the {@code classify} function would answer for its bytes, and the file's path. */
record ClassifiedFile(@JsonSerialize(using = ToStringSerializer.class) Path path, @JsonUnwrapped ClassificationResult result) {

    /** Status of a file that could not be read at all (the function never sees such a file). */
    static final String UNREADABLE = "UNREADABLE";

    static ClassifiedFile unreadable(Path path, String reason, String model) {
        return new ClassifiedFile(path, new ClassificationResult(UNREADABLE, null, null, null, model, null, null, reason, null));
    }

    boolean classified() {
        return result.label() != null;
    }
}
