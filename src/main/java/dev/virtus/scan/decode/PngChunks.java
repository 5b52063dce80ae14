package dev.virtus.scan.decode;

import java.nio.charset.StandardCharsets;

import dev.virtus.scan.decode.ImageDecodeException.Reason;

/**
 * Walks a PNG's chunk headers before ImageIO reads it and refuses a chunk whose length runs past the end of the
 * file, as Pillow does ("Truncated File Read"). Compressed metadata (zTXt, iTXt, iCCP) needs no bound of its own:
 * the JDK's reader skips it when told to ignore metadata (measured: chunks inflating to 200 MB cost nothing).
 */
final class PngChunks {

    private static final int SIGNATURE_BYTES = 8;
    private static final int CHUNK_OVERHEAD = 12;

    private PngChunks() {
    }

    static void requireWithinFile(byte[] bytes) {
        int pos = SIGNATURE_BYTES;
        while (pos + CHUNK_OVERHEAD <= bytes.length) {
            long length = uint32(bytes, pos);
            String type = new String(bytes, pos + 4, 4, StandardCharsets.ISO_8859_1);
            long room = bytes.length - pos - CHUNK_OVERHEAD;
            if (length > room) {
                throw new ImageDecodeException(Reason.CORRUPT, "the PNG image's " + type + " chunk declares " + length
                        + " bytes; the file holds " + room + " after it");
            }
            if (type.equals("IEND")) {
                return;
            }
            pos += CHUNK_OVERHEAD + (int) length;
        }
    }

    /** A PNG's big-endian unsigned 32-bit field. */
    static long uint32(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFFL) << 24 | (bytes[offset + 1] & 0xFFL) << 16 | (bytes[offset + 2] & 0xFFL) << 8
                | (bytes[offset + 3] & 0xFFL);
    }
}
