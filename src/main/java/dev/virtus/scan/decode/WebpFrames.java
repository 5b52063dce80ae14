package dev.virtus.scan.decode;

import java.nio.charset.StandardCharsets;

import dev.virtus.scan.decode.ImageDecodeException.Reason;

/**
 * Reads the sizes a WebP declares, before decoding: the VP8X canvas and every frame (VP8, VP8L, and those inside
 * ANMF animation frames), each within the limits, and no frame beyond the canvas (libwebp refuses those).
 */
final class WebpFrames {

    private static final int RIFF_HEADER_BYTES = 12;
    private static final int CHUNK_HEADER_BYTES = 8;
    private static final int ANMF_HEADER_BYTES = 16;
    /** The key frame start code 9d 01 2a, read little-endian. */
    private static final long VP8_START_CODE = 0x2A019D;

    private WebpFrames() {
    }

    static void requireWithin(byte[] bytes, DecodeLimits limits) {
        new Walk(bytes, limits).chunks(RIFF_HEADER_BYTES, bytes.length, true);
    }

    private static final class Walk {
        private final byte[] bytes;
        private final DecodeLimits limits;
        private long canvasWidth = -1;
        private long canvasHeight = -1;

        Walk(byte[] bytes, DecodeLimits limits) {
            this.bytes = bytes;
            this.limits = limits;
        }

        void chunks(int from, int to, boolean topLevel) {
            int pos = from;
            while (pos + CHUNK_HEADER_BYTES <= to) {
                String type = new String(bytes, pos, 4, StandardCharsets.ISO_8859_1);
                long size = uint(pos + 4, 4);
                int data = pos + CHUNK_HEADER_BYTES;
                if (size > to - data) {
                    throw new ImageDecodeException(Reason.CORRUPT, "the WEBP image's " + type.strip() + " chunk declares "
                            + size + " bytes; " + (to - data) + " follow it");
                }
                chunk(type, data, (int) size, topLevel);
                pos = data + (int) size + (int) (size & 1);
            }
        }

        private void chunk(String type, int data, int size, boolean topLevel) {
            switch (type) {
                case "VP8X" -> {
                    if (size >= 10) {
                        canvasWidth = uint(data + 4, 3) + 1;
                        canvasHeight = uint(data + 7, 3) + 1;
                        limits.requireWithin(ImageFormat.WEBP, "canvas", canvasWidth, canvasHeight);
                    }
                }
                case "ANMF" -> {
                    if (topLevel && size >= ANMF_HEADER_BYTES) { // frames nest one level only
                        frame(uint(data + 6, 3) + 1, uint(data + 9, 3) + 1, 2 * uint(data, 3), 2 * uint(data + 3, 3));
                        chunks(data + ANMF_HEADER_BYTES, data + size, false);
                    }
                }
                case "VP8 " -> {
                    // frame tag (3 bytes), start code 9d 01 2a, then 14-bit width and height
                    if (size >= 10 && uint(data + 3, 3) == VP8_START_CODE) {
                        frame(uint(data + 6, 2) & 0x3FFF, uint(data + 8, 2) & 0x3FFF, 0, 0);
                    }
                }
                case "VP8L" -> {
                    // signature 0x2f, then 14 bits width - 1 and 14 bits height - 1
                    if (size >= 5) {
                        long bits = uint(data + 1, 4);
                        frame((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, 0, 0);
                    }
                }
                default -> {
                    // metadata and alpha chunks carry no size of their own
                }
            }
        }

        private void frame(long width, long height, long left, long top) {
            limits.requireWithin(ImageFormat.WEBP, "frame", width, height);
            if (canvasWidth > 0 && (left + width > canvasWidth || top + height > canvasHeight)) {
                throw new ImageDecodeException(Reason.CORRUPT, "the WEBP image's " + width + "x" + height + " frame at "
                        + left + "," + top + " lies beyond its " + canvasWidth + "x" + canvasHeight + " canvas");
            }
        }

        private long uint(int offset, int count) {
            long value = 0;
            for (int i = count - 1; i >= 0; i--) {
                value = value << 8 | (bytes[offset + i] & 0xFF);
            }
            return value;
        }
    }
}
