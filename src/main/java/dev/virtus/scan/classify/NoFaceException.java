package dev.virtus.scan.classify;

/** {@code virtus.faces.mode=require} and the image shows no face of at least {@code virtus.faces.min-size}. */
public class NoFaceException extends RuntimeException {

    private final int width;
    private final int height;
    private final FaceReport faces;

    NoFaceException(int width, int height, FaceReport faces, int minSize) {
        super("no face of at least " + minSize + " pixels found in the " + width + "x" + height + " image");
        this.width = width;
        this.height = height;
        this.faces = faces;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public FaceReport faces() {
        return faces;
    }
}
