package dev.virtus.scan.model;

import java.nio.file.Path;
import java.util.List;

/**
 * The face detector of an export directory ({@code faces/face_detector.json}): its ONNX file and how to read
 * its outputs, as MediaPipe's BlazeFace graph configures them.
 *
 * @param sha256 hex SHA-256 of the ONNX file
 * @param inputName the NHWC float input, {@code [1, inputSize, inputSize, 3]}, RGB in [-1, 1]
 * @param scoreOutputs raw scores, one output per anchor grid, in anchor order
 * @param boxOutputs 16 raw coordinates per anchor (x, y, w, h, then 6 keypoints), same order as the scores
 * @param strides SSD anchor layers; consecutive equal strides share one grid
 * @param anchorsPerLayer anchors per cell contributed by each layer
 * @param anchorOffset where an anchor sits in its cell (0.5: the centre)
 * @param decodeScale raw box values are in input pixels: divided by this to be relative
 * @param scoreClipping raw scores are clipped to +-this before the sigmoid
 * @param minScore detections scoring below this are dropped
 * @param minSuppressionIou detections overlapping a better one by more than this IoU are merged into it
 */
public record FaceDetectorSettings(
        Path modelFile,
        String sha256,
        String inputName,
        int inputSize,
        List<String> scoreOutputs,
        List<String> boxOutputs,
        List<Integer> strides,
        int anchorsPerLayer,
        double anchorOffset,
        double decodeScale,
        double scoreClipping,
        double minScore,
        double minSuppressionIou) {

    public FaceDetectorSettings {
        scoreOutputs = List.copyOf(scoreOutputs);
        boxOutputs = List.copyOf(boxOutputs);
        strides = List.copyOf(strides);
    }
}
