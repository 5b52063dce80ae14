package dev.virtus.scan.classify;

import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.virtus.scan.decode.ImageDecodeException;
import dev.virtus.scan.fetch.FetchException;
import dev.virtus.scan.provenance.Provenance;

/**
 * What the {@code classify} function, the scan summary and the command line report for one image.
 *
 * @param status {@code REAL}/{@code FAKE} (the label, upper case), {@code UNSUPPORTED} when the bytes
 *        are not an image we accept, or {@code NO_FACE} when {@code virtus.faces.mode=require} found no face
 * @param reason why an image is {@code UNSUPPORTED} or {@code NO_FACE}; absent otherwise
 * @param faces the faces judged and how (absent when {@code virtus.faces.mode} is {@code off})
 * @param frames for an animated image: how many frames, how many judged, which decided (absent for a still image)
 * @param provenance what the image says about its own origin (C2PA, IPTC), beside the verdict
 * @param decidedBy {@code provenance} when {@code virtus.provenance.policy} made the status without the model
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
        Timings timings,
        FaceReport faces,
        FrameReport frames,
        Provenance provenance,
        String decidedBy) {

    public static final String UNSUPPORTED = "UNSUPPORTED";
    public static final String NO_FACE = "NO_FACE";
    public static final String DECIDED_BY_PROVENANCE = "provenance";

    /** A result about a still image, without a provenance report. */
    public ClassificationResult(String status, String label, Double score, Map<String, Double> probabilities,
            String model, Integer width, Integer height, String reason, Timings timings, FaceReport faces) {
        this(status, label, score, probabilities, model, width, height, reason, timings, faces, null, null, null);
    }

    /** A result without a face report. */
    public ClassificationResult(String status, String label, Double score, Map<String, Double> probabilities,
            String model, Integer width, Integer height, String reason, Timings timings) {
        this(status, label, score, probabilities, model, width, height, reason, timings, null, null, null, null);
    }

    /** The number of faces found ({@code virtus.faces.mode} crop or require), for tags and summaries; null when off. */
    public Integer faceCount() {
        return faces == null ? null : faces.found();
    }

    /** The provenance summary word, for tags and summaries; null when provenance was not read. */
    public String provenanceSummary() {
        return provenance == null ? null : provenance.summary();
    }

    /** This result with the provenance read from the same bytes. */
    public ClassificationResult withProvenance(Provenance read) {
        return new ClassificationResult(status, label, score, probabilities, model, width, height, reason, timings, faces,
                frames, read, decidedBy);
    }

    /** {@code virtus.provenance.policy} settled the status ({@code FAKE} or {@code REAL}) without the model. */
    public static ClassificationResult decidedByProvenance(String status, Provenance provenance, String model) {
        return new ClassificationResult(status, null, null, null, model, null, null, null, null, null, null, provenance,
                DECIDED_BY_PROVENANCE);
    }

    public static ClassificationResult of(Classification classification) {
        var verdict = classification.verdict();
        return new ClassificationResult(verdict.label().toUpperCase(Locale.ROOT), verdict.label(), verdict.score(),
                verdict.probabilities(), verdict.model(), classification.width(), classification.height(), null,
                classification.timings(), classification.faces(), classification.frames(), null, null);
    }

    /** {@code virtus.faces.mode=require} and no face: a verdict of its own, as {@code UNSUPPORTED} is. */
    public static ClassificationResult noFace(NoFaceException noFace, String model) {
        return new ClassificationResult(NO_FACE, null, null, null, model, noFace.width(), noFace.height(),
                NO_FACE + ": " + noFace.getMessage(), null, noFace.faces());
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
