package dev.virtus.scan.decode;

import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import dev.virtus.scan.decode.ImageDecodeException.Reason;

/**
 * Walks a PNG's chunks before ImageIO reads it. For palette images the JDK's reader inflates every zTXt, iTXt and
 * iCCP chunk fully into memory (a 200 KB chunk can inflate to 200 MB), so their inflated size is measured here,
 * with a bounded buffer, and refused past the limit. A chunk whose length runs past the file is refused too.
 */
final class PngMetadata {

    private static final int SIGNATURE_BYTES = 8;
    private static final int CHUNK_OVERHEAD = 12;

    private PngMetadata() {
    }

    static void requireWithin(byte[] bytes, long maxInflatedBytes) {
        long inflated = 0;
        int pos = SIGNATURE_BYTES;
        while (pos + CHUNK_OVERHEAD <= bytes.length) {
            long length = uint32(bytes, pos);
            String type = new String(bytes, pos + 4, 4, StandardCharsets.ISO_8859_1);
            if (length > bytes.length - pos - CHUNK_OVERHEAD) {
                throw new ImageDecodeException(Reason.CORRUPT, "the PNG image's " + type + " chunk declares " + length
                        + " bytes; the file holds " + (bytes.length - pos - CHUNK_OVERHEAD) + " after it");
            }
            int data = pos + 8;
            int compressed = compressedStart(bytes, type, data, (int) length);
            if (compressed >= 0) {
                inflated += inflatedSize(bytes, compressed, data + (int) length - compressed, maxInflatedBytes - inflated + 1);
                if (inflated > maxInflatedBytes) {
                    throw new ImageDecodeException(Reason.OVER_LIMIT, "the PNG image's compressed metadata inflates to more than "
                            + maxInflatedBytes + " bytes (virtus.decode.max-inflated-metadata-bytes)");
                }
            }
            if (type.equals("IEND")) {
                return;
            }
            pos = data + (int) length + 4;
        }
    }

    /** Where the zlib stream of a compressed metadata chunk starts, or -1 for other chunks. */
    private static int compressedStart(byte[] bytes, String type, int data, int length) {
        int end = data + length;
        int keywordEnd = indexOfZero(bytes, data, end);
        if (keywordEnd < 0) {
            return -1;
        }
        return switch (type) {
            case "zTXt", "iCCP" -> keywordEnd + 2; // keyword, NUL, compression method
            case "iTXt" -> {
                if (keywordEnd + 2 >= end || bytes[keywordEnd + 1] != 1) {
                    yield -1; // uncompressed text
                }
                int languageEnd = indexOfZero(bytes, keywordEnd + 3, end);
                int translatedEnd = languageEnd < 0 ? -1 : indexOfZero(bytes, languageEnd + 1, end);
                yield translatedEnd < 0 ? -1 : translatedEnd + 1;
            }
            default -> -1;
        };
    }

    /** Inflated bytes, counted up to {@code stopAfter}; a damaged stream counts what inflated before the damage. */
    private static long inflatedSize(byte[] bytes, int offset, int length, long stopAfter) {
        if (length <= 0) {
            return 0;
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(bytes, offset, length);
            byte[] scratch = new byte[64 * 1024];
            long total = 0;
            while (total < stopAfter && !inflater.finished()) {
                int n = inflater.inflate(scratch);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                total += n;
            }
            return total;
        } catch (DataFormatException damaged) {
            return inflater.getBytesWritten();
        } finally {
            inflater.end();
        }
    }

    private static int indexOfZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static long uint32(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFFL) << 24 | (bytes[offset + 1] & 0xFFL) << 16 | (bytes[offset + 2] & 0xFFL) << 8
                | (bytes[offset + 3] & 0xFFL);
    }
}
