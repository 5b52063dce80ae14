package dev.virtus.scan.classify;

import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.virtus.scan.decode.ImageDecodeException;
import dev.virtus.scan.fetch.FetchException;

/**
 * What the {@code classify} function, the scan summary and the command line report for one image.
 *
 * @param status {@code REAL}/{@code FAKE} (the label, upper case), or {@code UNSUPPORTED} when the bytes
 *        are not an image we accept
 * @param reason why an image is {@code UNSUPPORTED}; absent otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClassificationResult(
        String status,
        String label,
        Double score,
        Map<String, Double> probabilities,
        String model,
        Integer width,
        Integer height,
        String reason,
        Timings timings) {

    public static final String UNSUPPORTED = "UNSUPPORTED";

    public static ClassificationResult of(Classification classification) {
        var verdict = classification.verdict();
        return new ClassificationResult(verdict.label().toUpperCase(Locale.ROOT), verdict.label(), verdict.score(),
                verdict.probabilities(), verdict.model(), classification.width(), classification.height(), null,
                classification.timings());
    }

    /** A source over {@code virtus.decode.max-bytes}, refused before download or decoding: a verdict, as too many pixels are. */
    public static ClassificationResult overByteLimit(FetchException tooLarge, String model) {
        return unsupported(ImageDecodeException.Reason.TOO_MANY_BYTES + ": " + tooLarge.getMessage(), model);
    }

    /** @param reason a code and a sentence, e.g. {@code TOO_MANY_PIXELS: the PNG image declares ...} */
    public static ClassificationResult unsupported(String reason, String model) {
        return new ClassificationResult(UNSUPPORTED, null, null, null, model, null, null, reason, null);
    }
}
