package dev.virtus.scan.decode;

import java.awt.image.Raster;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import javax.imageio.ImageReader;

import dev.virtus.scan.decode.ImageDecodeException.Reason;

/**
 * A GIF of more than one frame, composited frame by frame as Pillow's {@code seek(n)} and {@code convert("RGB")} show
 * it (GifImagePlugin, its default {@code RGB_AFTER_FIRST} strategy): frame 0 on a screen filled with its transparent
 * index (or index 0); each later frame's transparent pixels left as they were; the disposal method of the last frame
 * that named one applies (Pillow keeps it until another frame sets one). The blocks are walked before any pixel is
 * decoded, so the frame count and the pixel budget are checked first; ImageIO only inflates each frame's indices.
 */
final class GifAnimation {

    private static final int DESCRIPTOR_BYTES = 9;
    private static final int GRAPHIC_CONTROL = 0xF9;
    private static final int DISPOSE_TO_BACKGROUND = 2;
    private static final int DISPOSE_TO_PREVIOUS = 3;

    /**
     * @param palette the frame's colour table (local, else global), RGB triples; null for none, as Pillow treats a
     *        table that only repeats the grey ramp (it decodes such frames as grey levels)
     * @param transparent the transparent index, -1 for none
     * @param disposal the graphic control's disposal bits, 0 when unspecified
     */
    private record Frame(int left, int top, int width, int height, byte[] palette, int transparent, int disposal) {
    }

    private final int width;
    private final int height;
    private final int background;
    private final List<Frame> frames;

    private GifAnimation(int width, int height, int background, List<Frame> frames) {
        this.width = width;
        this.height = height;
        this.background = background;
        this.frames = frames;
    }

    int frameCount() {
        return frames.size();
    }

    /**
     * Walks the blocks as Pillow does, stopping at the trailer or the end of the bytes. More frames than
     * {@code virtus.decode.max-frames} are refused as soon as they are counted.
     */
    static GifAnimation read(byte[] bytes, DecodeLimits limits) {
        Cursor in = new Cursor(bytes);
        in.skip(6);
        int screenWidth = in.u16();
        int screenHeight = in.u16();
        int flags = in.u8();
        int background = in.u8();
        in.skip(1);
        byte[] global = (flags & 0x80) != 0 ? needed(in.bytes(3 << ((flags & 7) + 1))) : null;
        if ((flags & 0x80) == 0) {
            background = 0;
        }
        List<Frame> frames = new ArrayList<>();
        int transparent = -1;
        int disposal = 0;
        while (in.remaining() > 0) {
            int block = in.u8();
            if (block == ';') {
                break;
            }
            if (block == '!') {
                int label = in.u8();
                byte[] first = in.subBlock();
                if (label == GRAPHIC_CONTROL && first != null && first.length >= 4) {
                    transparent = (first[0] & 1) != 0 ? first[3] & 0xFF : -1;
                    disposal = (first[0] >> 2) & 7;
                }
                if (first != null) {
                    in.skipSubBlocks();
                }
            } else if (block == ',') {
                if (in.remaining() < DESCRIPTOR_BYTES) {
                    break;
                }
                int left = in.u16();
                int top = in.u16();
                int frameWidth = in.u16();
                int frameHeight = in.u16();
                int frameFlags = in.u8();
                byte[] palette = (frameFlags & 0x80) != 0 ? needed(in.bytes(3 << ((frameFlags & 7) + 1))) : global;
                in.skip(1); // LZW minimum code size
                in.skipSubBlocks();
                frames.add(new Frame(left, top, frameWidth, frameHeight, palette, transparent, disposal));
                limits.requireFrameCount(ImageFormat.GIF, frames.size());
                transparent = -1;
                disposal = 0;
            }
        }
        return new GifAnimation(screenWidth, screenHeight, background, frames);
    }

    /** Checks every size before the first frame is decoded. */
    void requireWithin(DecodeLimits limits) {
        limits.requireWithin(ImageFormat.GIF, "logical screen", width, height);
        limits.requireFrames(ImageFormat.GIF, frames.size(), width, height);
        if (frames.get(0).palette() == null) {
            throw new ImageDecodeException(Reason.UNSUPPORTED_FORMAT,
                    "an animated GIF whose first frame has no colour table is not supported");
        }
        for (int i = 0; i < frames.size(); i++) {
            Frame frame = frames.get(i);
            if (frame.width() == 0 || frame.height() == 0 || frame.left() + frame.width() > width
                    || frame.top() + frame.height() > height) {
                throw new ImageDecodeException(Reason.CORRUPT, "the GIF image's frame " + i + " (" + frame.width() + "x"
                        + frame.height() + " at " + frame.left() + "," + frame.top() + ") lies beyond its " + width + "x"
                        + height + " logical screen");
            }
        }
    }

    /** Composites every frame in order, handing each over as soon as it is drawn. */
    void composite(ImageReader reader, DecodeDeadline deadline, Consumer<RgbImage> eachFrame) throws IOException {
        byte[] canvas = new byte[width * height * 3];
        int method = 0;
        Runnable pendingDisposal = null;
        byte[] firstTable = table(frames.get(0).palette());
        for (int k = 0; k < frames.size(); k++) {
            deadline.check();
            Frame frame = frames.get(k);
            if (pendingDisposal != null) {
                pendingDisposal.run();
            }
            if (frame.disposal() != 0) {
                method = frame.disposal();
            }
            byte[] table = k == 0 ? firstTable : table(frame.palette());
            pendingDisposal = disposal(canvas, k, frame, method, firstTable);
            int[] indices = indices(reader.read(k).getRaster(), frame);
            if (k == 0) {
                int fill = frame.transparent() >= 0 ? frame.transparent() : 0;
                for (int i = 0; i < canvas.length; i += 3) {
                    canvas[i] = table[fill * 3];
                    canvas[i + 1] = table[fill * 3 + 1];
                    canvas[i + 2] = table[fill * 3 + 2];
                }
            }
            // Pillow writes every pixel of the first frame, the transparent index included, as the screen's fill
            int skip = k == 0 ? -1 : frame.transparent();
            for (int y = 0; y < frame.height(); y++) {
                int row = ((frame.top() + y) * width + frame.left()) * 3;
                for (int x = 0; x < frame.width(); x++) {
                    int index = indices[y * frame.width() + x];
                    if (index != skip) {
                        int at = row + x * 3;
                        canvas[at] = table[index * 3];
                        canvas[at + 1] = table[index * 3 + 1];
                        canvas[at + 2] = table[index * 3 + 2];
                    }
                }
            }
            eachFrame.accept(new RgbImage(width, height, canvas.clone()));
        }
    }

    /** What this frame leaves behind, decided before it is drawn and applied before the next one is. */
    private Runnable disposal(byte[] canvas, int k, Frame frame, int method, byte[] firstTable) {
        if (method == DISPOSE_TO_BACKGROUND) {
            byte[] rgb = new byte[3];
            if (k == 0) {
                // a palette fill, converted with the first frame's table when frame 1 turns the image RGB
                System.arraycopy(firstTable, (frame.transparent() >= 0 ? frame.transparent() : background) * 3, rgb, 0, 3);
            } else {
                rgb = colour(frame.palette(), frame.transparent() >= 0 ? frame.transparent() : background);
            }
            byte[] fill = rgb;
            return () -> fillRect(canvas, frame, fill);
        }
        if (method >= DISPOSE_TO_PREVIOUS) {
            if (k == 0) {
                if (frame.transparent() < 0) {
                    return null;
                }
                byte[] fill = new byte[3];
                System.arraycopy(firstTable, frame.transparent() * 3, fill, 0, 3);
                return () -> fillRect(canvas, frame, fill);
            }
            byte[] saved = new byte[frame.width() * frame.height() * 3];
            for (int y = 0; y < frame.height(); y++) {
                System.arraycopy(canvas, ((frame.top() + y) * width + frame.left()) * 3, saved, y * frame.width() * 3,
                        frame.width() * 3);
            }
            return () -> {
                for (int y = 0; y < frame.height(); y++) {
                    System.arraycopy(saved, y * frame.width() * 3, canvas, ((frame.top() + y) * width + frame.left()) * 3,
                            frame.width() * 3);
                }
            };
        }
        return null;
    }

    private void fillRect(byte[] canvas, Frame frame, byte[] rgb) {
        for (int y = 0; y < frame.height(); y++) {
            int row = ((frame.top() + y) * width + frame.left()) * 3;
            for (int x = 0; x < frame.width(); x++) {
                System.arraycopy(rgb, 0, canvas, row + x * 3, 3);
            }
        }
    }

    private static int[] indices(Raster raster, Frame frame) {
        if (raster.getWidth() != frame.width() || raster.getHeight() != frame.height()) {
            throw new ImageDecodeException(Reason.CORRUPT, "a GIF frame decoded to " + raster.getWidth() + "x"
                    + raster.getHeight() + " where its descriptor says " + frame.width() + "x" + frame.height());
        }
        return raster.getSamples(raster.getMinX(), raster.getMinY(), frame.width(), frame.height(), 0,
                new int[frame.width() * frame.height()]);
    }

    /** Pillow's 256-entry table: the colour table's entries, black beyond them; the grey ramp without one. */
    private static byte[] table(byte[] palette) {
        byte[] table = new byte[256 * 3];
        if (palette == null) {
            for (int i = 0; i < 256; i++) {
                table[i * 3] = table[i * 3 + 1] = table[i * 3 + 2] = (byte) i;
            }
        } else {
            System.arraycopy(palette, 0, table, 0, Math.min(palette.length, table.length));
        }
        return table;
    }

    /** Pillow's {@code _rgb} for a disposal colour: an index beyond the table means entry 0. */
    private static byte[] colour(byte[] palette, int index) {
        if (palette == null) {
            return new byte[] {(byte) index, (byte) index, (byte) index};
        }
        int entry = index * 3 + 3 > palette.length ? 0 : index;
        return new byte[] {palette[entry * 3], palette[entry * 3 + 1], palette[entry * 3 + 2]};
    }

    /** Pillow's {@code _is_palette_needed}: a table that is only the grey ramp is dropped. */
    private static byte[] needed(byte[] palette) {
        for (int i = 0; i + 2 < palette.length; i += 3) {
            int entry = i / 3;
            if ((palette[i] & 0xFF) != entry || (palette[i + 1] & 0xFF) != entry || (palette[i + 2] & 0xFF) != entry) {
                return palette;
            }
        }
        return null;
    }

    /** Reads forward through the bytes; reading past the end reads zeros, and {@link #remaining} says 0. */
    private static final class Cursor {
        private final byte[] bytes;
        private int pos;

        Cursor(byte[] bytes) {
            this.bytes = bytes;
        }

        int remaining() {
            return Math.max(0, bytes.length - pos);
        }

        void skip(int count) {
            pos += count;
        }

        int u8() {
            int value = pos < bytes.length ? bytes[pos] & 0xFF : 0;
            pos++;
            return value;
        }

        int u16() {
            return u8() | u8() << 8;
        }

        byte[] bytes(int count) {
            byte[] out = new byte[Math.max(0, Math.min(count, remaining()))];
            System.arraycopy(bytes, Math.min(pos, bytes.length), out, 0, out.length);
            pos += count;
            return out;
        }

        /** The next data sub-block, or null at the block terminator or the end. */
        byte[] subBlock() {
            int length = u8();
            return length == 0 ? null : bytes(length);
        }

        void skipSubBlocks() {
            for (int length = u8(); length != 0 && remaining() > 0; length = u8()) {
                pos += length;
            }
        }
    }
}
