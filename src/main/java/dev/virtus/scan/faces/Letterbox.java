package dev.virtus.scan.faces;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

import dev.virtus.scan.decode.RgbImage;
import dev.virtus.scan.preprocess.PillowResize;
import dev.virtus.scan.preprocess.ResampleFilter;

/**
 * The detector's input, as MediaPipe letterboxes it: the image scaled with Pillow's BILINEAR filter so that its
 * longer side is the input size, centred on a black square, RGB mapped to [-1, 1], NHWC. Detection therefore costs
 * the same whatever the upload's size.
 *
 * @param tensor {@code size * size * 3} floats, ready for ONNX Runtime (direct, native order)
 * @param scale input pixels per image pixel
 * @param left columns of padding left of the image
 * @param top rows of padding above the image
 */
record Letterbox(FloatBuffer tensor, int size, double scale, int left, int top) {

    static Letterbox of(RgbImage image, int size) {
        int longer = Math.max(image.width(), image.height());
        int width = scaledSide(image.width(), longer, size);
        int height = scaledSide(image.height(), longer, size);
        byte[] scaled = PillowResize.resize(image.pixels(), image.width(), image.height(), width, height,
                ResampleFilter.BILINEAR);
        int left = (size - width) / 2;
        int top = (size - height) / 2;
        FloatBuffer tensor = ByteBuffer.allocateDirect(size * size * 3 * Float.BYTES)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        for (int i = 0; i < size * size * 3; i++) {
            tensor.put(i, -1f);
        }
        for (int y = 0; y < height; y++) {
            int to = ((top + y) * size + left) * 3;
            int from = y * width * 3;
            for (int i = 0; i < width * 3; i++) {
                tensor.put(to + i, (scaled[from + i] & 0xFF) / 127.5f - 1f);
            }
        }
        return new Letterbox(tensor, size, (double) size / longer, left, top);
    }

    /** {@code side * size / longer} rounded half up, in integers so that Python computes the very same. */
    private static int scaledSide(int side, int longer, int size) {
        return Math.max(1, (int) ((2L * side * size + longer) / (2L * longer)));
    }

    /** A box relative to the input (0 to 1) in the image's pixels. */
    FaceBox toImage(FaceBox relative) {
        return new FaceBox(
                (relative.left() * size - left) / scale,
                (relative.top() * size - top) / scale,
                (relative.right() * size - left) / scale,
                (relative.bottom() * size - top) / scale,
                relative.detectionScore());
    }
}
