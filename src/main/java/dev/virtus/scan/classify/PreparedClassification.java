package dev.virtus.scan.classify;

import java.util.ArrayList;
import java.util.List;

import dev.virtus.scan.config.VirtusConfig.Faces.Mode;
import dev.virtus.scan.faces.FoundFaces;
import dev.virtus.scan.verdict.Verdict;

/**
 * An image made ready for ONNX Runtime, everything decided but the model's answer: the inputs to infer (the whole
 * image, or the crop of each face judged) and how their verdicts fold back into the image's (the most fake face
 * decides). The {@code classify} and {@code scan} functions, the command line and the GPU service's batcher all go
 * from decoded image to verdict through it: {@link ImageClassifier#prepare}, then the inputs in any ONNX Runtime call
 * (the batcher mixes several images' inputs in one), then {@link #fold}.
 *
 * @param width width of the decoded image
 * @param height height of the decoded image
 * @param inputs the whole image, or one crop per judged face in the order of {@code faces.judged()}
 * @param faceMode {@code crop} or {@code require}; null when faces are not looked for
 * @param faces what face detection found; null when faces are not looked for, empty when {@code crop} judges the
 *        whole image instead
 * @param preprocessMs face detection, cropping and preprocessing
 */
public record PreparedClassification(int width, int height, List<PreparedImage> inputs, Mode faceMode, FoundFaces faces,
        double decodeMs, double preprocessMs) {

    public PreparedClassification {
        inputs = List.copyOf(inputs);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("an image to classify has at least one input");
        }
    }

    /**
     * The image's classification from its inputs' verdicts.
     *
     * @param verdicts one per input, in order
     * @param inferenceMs the inference time this image is charged
     */
    public Classification fold(List<Verdict> verdicts, double inferenceMs) {
        if (verdicts.size() != inputs.size()) {
            throw new IllegalArgumentException(inputs.size() + " inputs but " + verdicts.size() + " verdicts");
        }
        Timings timings = new Timings(decodeMs, preprocessMs, inferenceMs);
        if (faces == null) {
            return new Classification(verdicts.get(0), width, height, timings);
        }
        if (faces.judged().isEmpty()) {
            return new Classification(verdicts.get(0), width, height, timings, FaceReport.noFace(faceMode, faces.detectionMs()));
        }
        List<FaceVerdict> judged = new ArrayList<>(verdicts.size());
        int mostFake = 0;
        for (int i = 0; i < verdicts.size(); i++) {
            judged.add(FaceVerdict.of(faces.judged().get(i), verdicts.get(i)));
            if (verdicts.get(i).score() > verdicts.get(mostFake).score()) {
                mostFake = i;
            }
        }
        return new Classification(verdicts.get(mostFake), width, height, timings,
                FaceReport.judged(faceMode, faces.count(), faces.detectionMs(), judged));
    }
}
