package dev.virtus.scan.faces;

import dev.virtus.scan.decode.RgbImage;

/**
 * Cuts a face out for the classifier: a square of (1 + margin) times the box's longer side, centred on the box.
 * At the border the square is shifted into the image rather than padded, so that the model sees only real pixels
 * (as FaceForensics++'s cropping does); a square larger than the image's shorter side shrinks to it.
 */
public final class FaceCropper {

    private final double margin;

    public FaceCropper(double margin) {
        if (!(margin >= 0)) {
            throw new IllegalArgumentException("virtus.faces.margin must be 0 or more, got " + margin);
        }
        this.margin = margin;
    }

    public RgbImage crop(RgbImage image, FaceBox face) {
        int[] square = square(image.width(), image.height(), face);
        int left = square[0];
        int top = square[1];
        int side = square[2];
        byte[] source = image.pixels();
        byte[] out = new byte[side * side * 3];
        for (int y = 0; y < side; y++) {
            System.arraycopy(source, ((top + y) * image.width() + left) * 3, out, y * side * 3, side * 3);
        }
        return new RgbImage(side, side, out);
    }

    /** {left, top, side} of the crop in image pixels. */
    public int[] square(int width, int height, FaceBox face) {
        int side = Math.max(1, Math.min((int) ((1 + margin) * face.longerSide()), Math.min(width, height)));
        double centreX = (face.left() + face.right()) / 2;
        double centreY = (face.top() + face.bottom()) / 2;
        int left = clamp((int) Math.floor(centreX - side / 2.0), width - side);
        int top = clamp((int) Math.floor(centreY - side / 2.0), height - side);
        return new int[] {left, top, side};
    }

    private static int clamp(int value, int max) {
        return Math.max(0, Math.min(value, max));
    }
}
