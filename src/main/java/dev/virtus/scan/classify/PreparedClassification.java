package dev.virtus.scan.classify;

import java.util.ArrayList;
import java.util.List;

import dev.virtus.scan.config.VirtusConfig.Faces.Mode;
import dev.virtus.scan.verdict.Verdict;

/**
 * An image made ready for ONNX Runtime, everything decided but the model's answer: the inputs to infer (per frame,
 * the whole frame or the crop of each face judged) and how their verdicts fold back into the image's (the most fake
 * face of a frame decides the frame, the most fake frame the image). The {@code classify} and {@code scan} functions,
 * the command line and the GPU service's batcher all go from decoded image to verdict through it:
 * {@link ImageClassifier#prepare}, then the inputs in any ONNX Runtime call (the batcher mixes several images' inputs
 * in one), then {@link #fold}.
 *
 * @param width width of the decoded image (an animation's canvas)
 * @param height height of the decoded image
 * @param frames the frames judged, in order; one for a still image
 * @param frameCount frames in the file, judged or not (a frame like the one before it, or without a face under
 *        {@code require}, is not judged)
 * @param faceMode {@code crop} or {@code require}; null when faces are not looked for
 * @param preprocessMs face detection, cropping and preprocessing
 */
public record PreparedClassification(int width, int height, List<PreparedFrame> frames, int frameCount, Mode faceMode,
        double decodeMs, double preprocessMs) {

    public PreparedClassification {
        frames = List.copyOf(frames);
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("an image to classify has at least one frame to judge");
        }
    }

    /** Every frame's inputs, in order: what goes to ONNX Runtime for this image. */
    public List<PreparedImage> inputs() {
        return frames.stream().flatMap(frame -> frame.inputs().stream()).toList();
    }

    /**
     * The image's classification from its inputs' verdicts.
     *
     * @param verdicts one per input, in order
     * @param inferenceMs the inference time this image is charged
     */
    public Classification fold(List<Verdict> verdicts, double inferenceMs) {
        int inputs = frames.stream().mapToInt(frame -> frame.inputs().size()).sum();
        if (verdicts.size() != inputs) {
            throw new IllegalArgumentException(inputs + " inputs but " + verdicts.size() + " verdicts");
        }
        Timings timings = new Timings(decodeMs, preprocessMs, inferenceMs);
        Judged decided = null;
        int from = 0;
        for (PreparedFrame frame : frames) {
            Judged judged = judge(frame, verdicts.subList(from, from + frame.inputs().size()));
            from += frame.inputs().size();
            if (decided == null || judged.verdict().score() > decided.verdict().score()) {
                decided = judged;
            }
        }
        FrameReport frameReport = frameCount == 1 ? null : new FrameReport(frameCount, frames.size(), decided.index());
        return new Classification(decided.verdict(), width, height, timings, decided.faces(), frameReport);
    }

    private record Judged(int index, Verdict verdict, FaceReport faces) {
    }

    /** One frame's verdict: the whole frame's, or its most fake face's. */
    private Judged judge(PreparedFrame frame, List<Verdict> verdicts) {
        if (frame.faces() == null) {
            return new Judged(frame.index(), verdicts.get(0), null);
        }
        if (frame.faces().judged().isEmpty()) {
            return new Judged(frame.index(), verdicts.get(0), FaceReport.noFace(faceMode, frame.faces().detectionMs()));
        }
        List<FaceVerdict> judged = new ArrayList<>(verdicts.size());
        int mostFake = 0;
        for (int i = 0; i < verdicts.size(); i++) {
            judged.add(FaceVerdict.of(frame.faces().judged().get(i), verdicts.get(i)));
            if (verdicts.get(i).score() > verdicts.get(mostFake).score()) {
                mostFake = i;
            }
        }
        return new Judged(frame.index(), verdicts.get(mostFake),
                FaceReport.judged(faceMode, frame.faces().count(), frame.faces().detectionMs(), judged));
    }
}
