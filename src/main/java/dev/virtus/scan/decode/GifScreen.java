package dev.virtus.scan.decode;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;

import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;

import org.w3c.dom.Node;

/**
 * PIL shows a GIF's first frame on its logical screen: a canvas of the screen's size filled with the
 * frame's transparent index (index 0 when it has none), the frame pasted at its offset. ImageIO returns
 * the frame alone.
 */
final class GifScreen {

    private static final String STREAM_FORMAT = "javax_imageio_gif_stream_1.0";
    private static final String IMAGE_FORMAT = "javax_imageio_gif_image_1.0";

    private final int width;
    private final int height;

    private GifScreen(int width, int height) {
        this.width = width;
        this.height = height;
    }

    /** The logical screen, read from the header without decoding pixels. */
    static GifScreen of(ImageReader reader) throws IOException {
        Node screen = child(reader.getStreamMetadata().getAsTree(STREAM_FORMAT), "LogicalScreenDescriptor");
        return new GifScreen(intAttribute(screen, "logicalScreenWidth", 0), intAttribute(screen, "logicalScreenHeight", 0));
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** The first frame as PIL's {@code convert("RGB")} gives it: on the screen, clipped to it. */
    RgbImage render(ImageReader reader, BufferedImage frame) throws IOException {
        RgbImage pixels = ImageDecoder.toRgb(frame);
        IIOMetadata metadata = reader.getImageMetadata(0);
        Node tree = metadata.getAsTree(IMAGE_FORMAT);
        Node descriptor = child(tree, "ImageDescriptor");
        int left = intAttribute(descriptor, "imageLeftPosition", 0);
        int top = intAttribute(descriptor, "imageTopPosition", 0);
        if (left == 0 && top == 0 && pixels.width() == width && pixels.height() == height) {
            return pixels;
        }
        byte[] canvas = new byte[width * height * 3];
        fill(canvas, frame, tree);
        for (int y = 0; y < pixels.height() && top + y < height; y++) {
            int columns = Math.min(pixels.width(), width - left);
            if (columns > 0) {
                System.arraycopy(pixels.pixels(), y * pixels.width() * 3, canvas, ((top + y) * width + left) * 3, columns * 3);
            }
        }
        return new RgbImage(width, height, canvas);
    }

    private static void fill(byte[] canvas, BufferedImage frame, Node tree) {
        if (!(frame.getColorModel() instanceof IndexColorModel palette)) {
            return;
        }
        Node control = child(tree, "GraphicControlExtension");
        boolean transparent = control != null && "TRUE".equalsIgnoreCase(attribute(control, "transparentColorFlag"));
        int index = transparent ? intAttribute(control, "transparentColorIndex", 0) : 0;
        byte red = (byte) palette.getRed(index);
        byte green = (byte) palette.getGreen(index);
        byte blue = (byte) palette.getBlue(index);
        for (int i = 0; i < canvas.length; i += 3) {
            canvas[i] = red;
            canvas[i + 1] = green;
            canvas[i + 2] = blue;
        }
    }

    private static Node child(Node parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node.getNodeName().equals(name)) {
                return node;
            }
        }
        return null;
    }

    private static String attribute(Node node, String name) {
        Node attribute = node == null ? null : node.getAttributes().getNamedItem(name);
        return attribute == null ? null : attribute.getNodeValue();
    }

    private static int intAttribute(Node node, String name, int absent) {
        String value = attribute(node, name);
        return value == null ? absent : Integer.parseInt(value);
    }
}
