package dev.virtus.scan.decode;

import java.awt.image.Raster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import javax.imageio.ImageReader;

import dev.virtus.scan.decode.ImageDecodeException.Reason;

/**
 * An animated WebP (VP8X with the animation flag), composited as libwebp's {@code WebPAnimDecoder} does it for Pillow
 * (anim_decode.c, RGBA, not premultiplied): a transparent canvas, key frames drawn on a cleared canvas, other frames
 * drawn over the previous one and blended where they are not opaque ({@code BlendPixelNonPremult}), disposal to
 * background clearing the frame's rectangle to transparent. The ANIM background colour is only a hint, which libwebp
 * ignores. The frames' bitstreams are decoded by TwelveMonkeys' reader, one image per ANMF frame; lossy frames differ
 * from libwebp by a few levels, lossless ones are exact.
 */
final class WebpAnimation {

    private static final int RIFF_HEADER_BYTES = 12;
    private static final int CHUNK_HEADER_BYTES = 8;
    private static final int ANMF_HEADER_BYTES = 16;
    private static final int ANIMATION_FLAG = 0x02;

    private record Frame(int left, int top, int width, int height, boolean blend, boolean disposeToBackground,
            boolean hasAlpha) {

        boolean covers(int canvasWidth, int canvasHeight) {
            return width == canvasWidth && height == canvasHeight;
        }

        boolean contains(int x, int y) {
            return x >= left && x < left + width && y >= top && y < top + height;
        }
    }

    private final int width;
    private final int height;
    private final List<Frame> frames;

    private WebpAnimation(int width, int height, List<Frame> frames) {
        this.width = width;
        this.height = height;
        this.frames = frames;
    }

    int frameCount() {
        return frames.size();
    }

    /**
     * The animation's frames, read from the ANMF headers, or null for a still WebP. Run after
     * {@link WebpFrames#requireWithin}, which checks the canvas and every frame's size and place.
     */
    static WebpAnimation readOrNull(byte[] bytes, DecodeLimits limits) {
        int pos = RIFF_HEADER_BYTES;
        int canvasWidth = 0;
        int canvasHeight = 0;
        List<Frame> frames = new ArrayList<>();
        while (pos + CHUNK_HEADER_BYTES <= bytes.length) {
            String type = new String(bytes, pos, 4, StandardCharsets.ISO_8859_1);
            int size = (int) uint(bytes, pos + 4, 4);
            int data = pos + CHUNK_HEADER_BYTES;
            if (type.equals("VP8X") && size >= 10) {
                if ((bytes[data] & ANIMATION_FLAG) == 0) {
                    return null;
                }
                canvasWidth = (int) uint(bytes, data + 4, 3) + 1;
                canvasHeight = (int) uint(bytes, data + 7, 3) + 1;
            } else if (type.equals("ANMF") && size >= ANMF_HEADER_BYTES && canvasWidth > 0) {
                int flags = bytes[data + 15];
                frames.add(new Frame(2 * (int) uint(bytes, data, 3), 2 * (int) uint(bytes, data + 3, 3),
                        (int) uint(bytes, data + 6, 3) + 1, (int) uint(bytes, data + 9, 3) + 1, (flags & 0x02) == 0,
                        (flags & 0x01) != 0, hasAlpha(bytes, data + ANMF_HEADER_BYTES, data + size)));
                limits.requireFrameCount(ImageFormat.WEBP, frames.size());
            }
            pos = data + size + (size & 1);
        }
        if (canvasWidth == 0) {
            return null;
        }
        if (frames.isEmpty()) {
            throw new ImageDecodeException(Reason.CORRUPT, "the animated WEBP image has no ANMF frame");
        }
        limits.requireFrames(ImageFormat.WEBP, frames.size(), canvasWidth, canvasHeight);
        return new WebpAnimation(canvasWidth, canvasHeight, List.copyOf(frames));
    }

    /** As libwebp's demuxer sets it: an ALPH chunk, or a VP8L bitstream whose header says alpha is used. */
    private static boolean hasAlpha(byte[] bytes, int from, int to) {
        int pos = from;
        while (pos + CHUNK_HEADER_BYTES <= to) {
            String type = new String(bytes, pos, 4, StandardCharsets.ISO_8859_1);
            int size = (int) uint(bytes, pos + 4, 4);
            int data = pos + CHUNK_HEADER_BYTES;
            if (type.equals("ALPH")) {
                return true;
            }
            if (type.equals("VP8L") && size >= 5) {
                return (uint(bytes, data + 1, 4) >> 28 & 1) != 0;
            }
            pos = data + size + (size & 1);
        }
        return false;
    }

    /** Composites every frame in order, handing each over as soon as it is drawn. */
    void composite(ImageReader reader, DecodeDeadline deadline, Consumer<RgbImage> eachFrame) throws IOException {
        int[] current = new int[width * height];
        int[] previousDisposed = new int[width * height];
        Frame previous = null;
        boolean previousWasKey = false;
        for (int k = 0; k < frames.size(); k++) {
            deadline.check();
            Frame frame = frames.get(k);
            boolean key = isKeyFrame(k, frame, previous, previousWasKey);
            if (key) {
                Arrays.fill(current, 0);
            } else {
                System.arraycopy(previousDisposed, 0, current, 0, current.length);
            }
            Raster raster = reader.read(k).getRaster();
            if (raster.getWidth() != frame.width() || raster.getHeight() != frame.height()) {
                throw new ImageDecodeException(Reason.CORRUPT, "a WEBP frame decoded to " + raster.getWidth() + "x"
                        + raster.getHeight() + " where its ANMF header says " + frame.width() + "x" + frame.height());
            }
            draw(current, raster, frame);
            if (k > 0 && frame.blend() && !key) {
                blendUnder(current, previousDisposed, frame, previous);
            }
            System.arraycopy(current, 0, previousDisposed, 0, current.length);
            if (frame.disposeToBackground()) {
                for (int y = frame.top(); y < frame.top() + frame.height(); y++) {
                    Arrays.fill(previousDisposed, y * width + frame.left(), y * width + frame.left() + frame.width(), 0);
                }
            }
            previous = frame;
            previousWasKey = key;
            eachFrame.accept(toRgb(current));
        }
    }

    /** anim_decode.c's {@code IsKeyFrame}. */
    private boolean isKeyFrame(int k, Frame frame, Frame previous, boolean previousWasKey) {
        if (k == 0) {
            return true;
        }
        if ((!frame.hasAlpha() || !frame.blend()) && frame.covers(width, height)) {
            return true;
        }
        return previous.disposeToBackground() && (previous.covers(width, height) || previousWasKey);
    }

    /** The frame's RGBA over its rectangle, as WebPDecode writes it into the canvas. */
    private void draw(int[] canvas, Raster raster, Frame frame) {
        int bands = raster.getNumBands();
        int[] samples = new int[frame.width() * bands];
        for (int y = 0; y < frame.height(); y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, frame.width(), 1, samples);
            int row = (frame.top() + y) * width + frame.left();
            for (int x = 0; x < frame.width(); x++) {
                int s = x * bands;
                int alpha = bands >= 4 ? samples[s + 3] : 255;
                canvas[row + x] = alpha << 24 | samples[s + 2] << 16 | samples[s + 1] << 8 | samples[s];
            }
        }
    }

    /**
     * Blends the previous canvas under the frame's pixels that are not opaque. After a disposal to background the
     * previous frame's rectangle is left alone: it is transparent there, and libwebp skips it.
     */
    private void blendUnder(int[] current, int[] previousDisposed, Frame frame, Frame previous) {
        for (int y = frame.top(); y < frame.top() + frame.height(); y++) {
            for (int x = frame.left(); x < frame.left() + frame.width(); x++) {
                int at = y * width + x;
                if (current[at] >>> 24 != 0xFF && !(previous.disposeToBackground() && previous.contains(x, y))) {
                    current[at] = blendPixelNonPremult(current[at], previousDisposed[at]);
                }
            }
        }
    }

    /** libwebp's {@code BlendPixelNonPremult}, integer for integer. */
    private static int blendPixelNonPremult(int src, int dst) {
        int srcA = src >>> 24;
        if (srcA == 0) {
            return dst;
        }
        int dstA = dst >>> 24;
        int dstFactorA = (dstA * (256 - srcA)) >> 8;
        int blendA = (srcA + dstFactorA) & 0xFF;
        long scale = (1L << 24) / blendA;
        int out = blendA << 24;
        for (int shift = 0; shift < 24; shift += 8) {
            long unscaled = (long) ((src >> shift) & 0xFF) * srcA + (long) ((dst >> shift) & 0xFF) * dstFactorA;
            out |= (int) (((unscaled * scale) >> 24) & 0xFF) << shift;
        }
        return out;
    }

    private RgbImage toRgb(int[] canvas) {
        byte[] rgb = new byte[canvas.length * 3];
        for (int i = 0; i < canvas.length; i++) {
            rgb[i * 3] = (byte) canvas[i];
            rgb[i * 3 + 1] = (byte) (canvas[i] >> 8);
            rgb[i * 3 + 2] = (byte) (canvas[i] >> 16);
        }
        return new RgbImage(width, height, rgb);
    }

    private static long uint(byte[] bytes, int offset, int count) {
        long value = 0;
        for (int i = count - 1; i >= 0; i--) {
            value = value << 8 | (bytes[offset + i] & 0xFF);
        }
        return value;
    }
}
