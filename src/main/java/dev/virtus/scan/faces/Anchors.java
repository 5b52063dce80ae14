package dev.virtus.scan.faces;

import java.util.ArrayList;
import java.util.List;

/**
 * MediaPipe's {@code SsdAnchorsCalculator} with a fixed anchor size: every anchor is the whole input, so only
 * the centres matter. Layers of equal stride share one grid; anchors run row by row, the anchors of a cell
 * innermost, the order in which the detector writes its outputs.
 */
final class Anchors {

    private Anchors() {
    }

    /** Anchor centres {x, y}, relative to the input (0 to 1). */
    static double[][] centres(int inputSize, List<Integer> strides, int anchorsPerLayer, double offset) {
        List<double[]> centres = new ArrayList<>();
        int layer = 0;
        while (layer < strides.size()) {
            int stride = strides.get(layer);
            int layersOfThisStride = 0;
            while (layer < strides.size() && strides.get(layer) == stride) {
                layersOfThisStride++;
                layer++;
            }
            int grid = (inputSize + stride - 1) / stride;
            for (int y = 0; y < grid; y++) {
                for (int x = 0; x < grid; x++) {
                    for (int a = 0; a < layersOfThisStride * anchorsPerLayer; a++) {
                        centres.add(new double[] {(x + offset) / grid, (y + offset) / grid});
                    }
                }
            }
        }
        return centres.toArray(double[][]::new);
    }
}
