package dev.virtus.scan.decode;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32;

import javax.imageio.ImageReader;
import javax.imageio.stream.MemoryCacheImageInputStream;

import dev.virtus.scan.decode.ImageDecodeException.Reason;

/**
 * An animated PNG (acTL before the first IDAT), composited frame by frame as Pillow's PngImagePlugin shows it: the IDAT
 * image is frame 0, also when no fcTL precedes it (the default image, outside the animation: Pillow counts it as a
 * frame and draws the first animation frame over it); dispose_op and blend_op per fcTL, blending as Pillow's paste
 * with an alpha mask does. The JDK has no APNG reader: each frame's data is wrapped in a small PNG of its own and read
 * by the JDK's PNG reader. Frames are counted from acTL and every fcTL is read before any pixel is decoded.
 */
final class ApngAnimation {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    private static final int DISPOSE_BACKGROUND = 1;
    private static final int DISPOSE_PREVIOUS = 2;
    private static final int BLEND_OVER = 1;

    /** @param data offset and length pairs of the frame's zlib stream (IDAT, or fdAT without its sequence number) */
    private record Frame(int left, int top, int width, int height, int dispose, int blend, List<int[]> data) {
    }

    private final int width;
    private final int height;
    private final byte[] header;
    private final byte[] palette;
    private final byte[] transparency;
    private final List<Frame> frames;

    private ApngAnimation(int width, int height, byte[] header, byte[] palette, byte[] transparency, List<Frame> frames) {
        this.width = width;
        this.height = height;
        this.header = header;
        this.palette = palette;
        this.transparency = transparency;
        this.frames = frames;
    }

    int frameCount() {
        return frames.size();
    }

    /**
     * The animation a PNG declares, or null when it is a still image (no acTL before the first IDAT). An acTL that Pillow
     * and viewers may read differently (a second one, a count of 0, fewer frames than fcTL chunks) is refused: Pillow
     * would judge the still image or the first frames, where a browser may animate them all. The frame count and pixel
     * budget are checked from acTL before the frames are listed.
     */
    static ApngAnimation readOrNull(byte[] bytes, DecodeLimits limits) {
        int pos = SIGNATURE.length;
        byte[] header = null;
        byte[] palette = null;
        byte[] transparency = null;
        long declared = -1;
        boolean idatSeen = false;
        Integer sequence = null;
        List<Frame> frames = new ArrayList<>();
        Frame current = null;
        while (pos + 12 <= bytes.length) {
            int length = (int) PngChunks.uint32(bytes, pos);
            String type = new String(bytes, pos + 4, 4, StandardCharsets.ISO_8859_1);
            int data = pos + 8;
            pos = data + length + 4;
            switch (type) {
                case "IHDR" -> header = slice(bytes, data, length);
                case "PLTE" -> palette = idatSeen ? palette : slice(bytes, data, length);
                case "tRNS" -> transparency = idatSeen ? transparency : slice(bytes, data, length);
                case "acTL" -> {
                    if (idatSeen) {
                        break;
                    }
                    long count = length >= 8 ? PngChunks.uint32(bytes, data) : 0;
                    // Pillow then shows the still image, but a viewer may animate: neither is judged on a guess
                    if (declared >= 0) {
                        throw corrupt("a second acTL chunk");
                    }
                    if (count == 0) {
                        throw corrupt("an acTL chunk that declares no frames");
                    }
                    declared = count;
                    requireHeader(header);
                    limits.requireWithin(ImageFormat.PNG, "image", PngChunks.uint32(header, 0), PngChunks.uint32(header, 4));
                    limits.requireFrames(ImageFormat.PNG, count, PngChunks.uint32(header, 0), PngChunks.uint32(header, 4));
                }
                case "fcTL" -> {
                    if (declared < 0) {
                        break;
                    }
                    if (frames.size() == declared) {
                        // Pillow never reaches frames beyond acTL's count; a viewer may show them
                        throw corrupt("more fcTL chunks than the " + declared + " frames acTL declares");
                    }
                    if (length < 26) {
                        throw corrupt("an fcTL chunk of " + length + " bytes");
                    }
                    sequence = next(sequence, (int) PngChunks.uint32(bytes, data));
                    current = frame(bytes, data, header);
                    frames.add(current);
                }
                case "IDAT" -> {
                    if (declared < 0) {
                        return null;
                    }
                    if (!idatSeen) {
                        idatSeen = true;
                        if (current == null) {
                            // the default image: no fcTL before it, not part of the animation, frame 0 all the same
                            declared++;
                            current = new Frame(0, 0, (int) PngChunks.uint32(header, 0), (int) PngChunks.uint32(header, 4), -1, 0, new ArrayList<>());
                            frames.add(current);
                        }
                    }
                    current.data().add(new int[] {data, length});
                }
                case "fdAT" -> {
                    if (declared < 0 || current == null || !idatSeen) {
                        break;
                    }
                    if (length < 4) {
                        throw corrupt("an fdAT chunk of " + length + " bytes");
                    }
                    sequence = next(sequence, (int) PngChunks.uint32(bytes, data));
                    current.data().add(new int[] {data + 4, length - 4});
                }
                case "IEND" -> pos = bytes.length;
                default -> {
                    // ancillary chunks say nothing about the frames
                }
            }
        }
        if (declared < 0 || !idatSeen) {
            return null;
        }
        if (frames.size() < declared || frames.stream().anyMatch(f -> f.data().isEmpty())) {
            throw corrupt("acTL declares " + declared + " frames; " + frames.stream().filter(f -> !f.data().isEmpty())
                    .count() + " have image data");
        }
        return new ApngAnimation((int) PngChunks.uint32(header, 0), (int) PngChunks.uint32(header, 4), header, palette, transparency,
                List.copyOf(frames.subList(0, (int) declared)));
    }

    private static void requireHeader(byte[] header) {
        if (header == null || header.length < 13) {
            throw corrupt("no IHDR chunk before acTL");
        }
        int bits = header[8];
        int colour = header[9];
        boolean supported = switch (colour) {
            case 0 -> bits == 8;
            case 2, 4, 6 -> bits == 8 || bits == 16;
            case 3 -> bits <= 8;
            default -> false;
        };
        if (!supported) {
            throw new ImageDecodeException(Reason.UNSUPPORTED_FORMAT,
                    "an animated PNG of colour type " + colour + " at " + bits + " bits is not supported");
        }
    }

    private static Integer next(Integer sequence, int number) {
        if ((sequence == null && number != 0) || (sequence != null && number != sequence + 1)) {
            throw corrupt("frame sequence number " + number + " after " + sequence);
        }
        return number;
    }

    private static Frame frame(byte[] bytes, int data, byte[] header) {
        long frameWidth = PngChunks.uint32(bytes, data + 4);
        long frameHeight = PngChunks.uint32(bytes, data + 8);
        long left = PngChunks.uint32(bytes, data + 12);
        long top = PngChunks.uint32(bytes, data + 16);
        if (frameWidth == 0 || frameHeight == 0 || left + frameWidth > PngChunks.uint32(header, 0) || top + frameHeight > PngChunks.uint32(header, 4)) {
            throw corrupt("a " + frameWidth + "x" + frameHeight + " frame at " + left + "," + top + " beyond its "
                    + PngChunks.uint32(header, 0) + "x" + PngChunks.uint32(header, 4) + " canvas");
        }
        return new Frame((int) left, (int) top, (int) frameWidth, (int) frameHeight, bytes[data + 24], bytes[data + 25],
                new ArrayList<>());
    }

    /** Composites every frame in order, handing each over as soon as it is drawn. */
    void composite(byte[] bytes, ImageReader reader, DecodeDeadline deadline, Consumer<RgbImage> eachFrame)
            throws IOException {
        int colour = header[9];
        int channels = colour == 2 || colour == 6 || (colour == 4 && header[8] == 16) ? 3 : 1;
        byte[] canvas = new byte[width * height * channels];
        Runnable pendingDisposal = null;
        for (int k = 0; k < frames.size(); k++) {
            deadline.check();
            Frame frame = frames.get(k);
            if (pendingDisposal != null) {
                pendingDisposal.run();
            }
            int dispose = k == 0 && frame.dispose() == DISPOSE_PREVIOUS ? DISPOSE_BACKGROUND : frame.dispose();
            pendingDisposal = disposal(canvas, channels, frame, dispose);
            reader.setInput(new MemoryCacheImageInputStream(new ByteArrayInputStream(framePng(bytes, frame))), true, true);
            Raster raster = reader.read(0).getRaster();
            draw(canvas, channels, frame, raster, k > 0 && frame.blend() == BLEND_OVER);
            eachFrame.accept(toRgb(canvas, channels));
        }
    }

    private Runnable disposal(byte[] canvas, int channels, Frame frame, int dispose) {
        int rowBytes = frame.width() * channels;
        if (dispose == DISPOSE_BACKGROUND) {
            return () -> {
                for (int y = 0; y < frame.height(); y++) {
                    int row = ((frame.top() + y) * width + frame.left()) * channels;
                    Arrays.fill(canvas, row, row + rowBytes, (byte) 0);
                }
            };
        }
        if (dispose == DISPOSE_PREVIOUS) {
            byte[] saved = new byte[rowBytes * frame.height()];
            for (int y = 0; y < frame.height(); y++) {
                System.arraycopy(canvas, ((frame.top() + y) * width + frame.left()) * channels, saved, y * rowBytes, rowBytes);
            }
            return () -> {
                for (int y = 0; y < frame.height(); y++) {
                    System.arraycopy(saved, y * rowBytes, canvas, ((frame.top() + y) * width + frame.left()) * channels,
                            rowBytes);
                }
            };
        }
        return null;
    }

    /** The frame's pixels in Pillow's mode (palette index, grey level or RGB), blended by their alpha over the canvas. */
    private void draw(byte[] canvas, int channels, Frame frame, Raster raster, boolean over) {
        int colour = header[9];
        int shift = header[8] == 16 ? 8 : 0;
        int bands = raster.getNumBands();
        int[] samples = new int[frame.width() * bands];
        for (int y = 0; y < frame.height(); y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, frame.width(), 1, samples);
            int row = ((frame.top() + y) * width + frame.left()) * channels;
            for (int x = 0; x < frame.width(); x++) {
                int s = x * bands;
                int alpha = over ? alpha(colour, samples, s, shift) : 255;
                for (int c = 0; c < channels; c++) {
                    // grey with alpha at 16 bits is RGBA in Pillow, its grey level in every channel
                    int in = samples[s + (colour == 2 || colour == 6 ? c : 0)] >> shift;
                    int at = row + x * channels + c;
                    canvas[at] = (byte) (alpha == 255 ? in : blend(canvas[at] & 0xFF, in, alpha));
                }
            }
        }
    }

    /** The mask Pillow pastes an APNG frame with: tRNS for palette and RGB images, the alpha band otherwise. */
    private int alpha(int colour, int[] samples, int s, int shift) {
        return switch (colour) {
            case 3 -> transparency != null && samples[s] < transparency.length ? transparency[samples[s]] & 0xFF : 255;
            case 2 -> transparency != null && transparency.length >= 6 && samples[s] >> shift == u16(transparency, 0)
                    && samples[s + 1] >> shift == u16(transparency, 2) && samples[s + 2] >> shift == u16(transparency, 4)
                    ? 0 : 255;
            case 4 -> samples[s + 1] >> shift;
            case 6 -> samples[s + 3] >> shift;
            default -> 255;
        };
    }

    /** Pillow's paste through a mask: {@code BLEND} in Paste.c, rounding through {@code DIV255}. */
    private static int blend(int out, int in, int alpha) {
        int tmp = out * (255 - alpha) + in * alpha + 128;
        return ((tmp >> 8) + tmp) >> 8;
    }

    private RgbImage toRgb(byte[] canvas, int channels) {
        if (channels == 3) {
            return new RgbImage(width, height, canvas.clone());
        }
        byte[] rgb = new byte[width * height * 3];
        boolean indexed = header[9] == 3;
        for (int i = 0; i < canvas.length; i++) {
            int value = canvas[i] & 0xFF;
            for (int c = 0; c < 3; c++) {
                // Pillow's palette holds 256 entries, black beyond those PLTE gives
                rgb[i * 3 + c] = !indexed ? (byte) value
                        : palette != null && value * 3 + c < palette.length ? palette[value * 3 + c] : 0;
            }
        }
        return new RgbImage(width, height, rgb);
    }

    /** One frame as a PNG of its own: the image's header at the frame's size, its palette, its data as IDAT. */
    private byte[] framePng(byte[] bytes, Frame frame) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(SIGNATURE);
        byte[] frameHeader = header.clone();
        putU32(frameHeader, 0, frame.width());
        putU32(frameHeader, 4, frame.height());
        chunk(png, "IHDR", frameHeader, 0, frameHeader.length);
        if (palette != null) {
            chunk(png, "PLTE", palette, 0, palette.length);
        }
        for (int[] part : frame.data()) {
            chunk(png, "IDAT", bytes, part[0], part[1]);
        }
        chunk(png, "IEND", new byte[0], 0, 0);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data, int offset, int length) {
        byte[] head = new byte[8];
        putU32(head, 0, length);
        System.arraycopy(type.getBytes(StandardCharsets.ISO_8859_1), 0, head, 4, 4);
        CRC32 crc = new CRC32();
        crc.update(head, 4, 4);
        crc.update(data, offset, length);
        byte[] tail = new byte[4];
        putU32(tail, 0, crc.getValue());
        png.write(head, 0, 8);
        png.write(data, offset, length);
        png.write(tail, 0, 4);
    }

    private static ImageDecodeException corrupt(String what) {
        return new ImageDecodeException(Reason.CORRUPT, "the animated PNG has " + what);
    }

    private static byte[] slice(byte[] bytes, int from, int length) {
        return Arrays.copyOfRange(bytes, from, from + length);
    }

    private static int u16(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) << 8 | (bytes[offset + 1] & 0xFF);
    }

    private static void putU32(byte[] bytes, int offset, long value) {
        for (int i = 0; i < 4; i++) {
            bytes[offset + i] = (byte) (value >>> (24 - 8 * i));
        }
    }
}
