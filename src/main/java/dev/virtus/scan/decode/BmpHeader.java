package dev.virtus.scan.decode;

import dev.virtus.scan.decode.ImageDecodeException.Reason;

/**
 * Checks a BMP's header against the file before ImageIO reads it. The JDK's reader decodes a JPEG or PNG embedded
 * as "compression" 4 or 5 whatever size the BMP header states, allocates {@code imageSize} bytes for RLE data, and
 * sizes its palette from the pixel data offset. Pillow's BmpImagePlugin accepts compressions 0 to 3 only.
 */
final class BmpHeader {

    private static final int FILE_HEADER_BYTES = 14;
    private static final int CORE_HEADER_BYTES = 12;
    private static final int BITFIELDS = 3;

    private BmpHeader() {
    }

    static void requireConsistent(byte[] bytes) {
        long dataOffset = uint32(bytes, 10);
        if (dataOffset > bytes.length) {
            throw new ImageDecodeException(Reason.CORRUPT, "the BMP image's pixel data offset " + dataOffset
                    + " lies beyond its " + bytes.length + " bytes");
        }
        long infoHeaderBytes = uint32(bytes, FILE_HEADER_BYTES);
        if (infoHeaderBytes == CORE_HEADER_BYTES || bytes.length < FILE_HEADER_BYTES + 24) {
            return; // OS/2 core header: no compression or image size fields
        }
        long compression = uint32(bytes, 30);
        if (compression > BITFIELDS) {
            throw new ImageDecodeException(Reason.UNSUPPORTED_FORMAT, "BMP compression " + compression
                    + (compression == 4 ? " (an embedded JPEG)" : compression == 5 ? " (an embedded PNG)" : "")
                    + " is not supported; Pillow reads compressions 0 to 3 only");
        }
        long imageSize = uint32(bytes, 34);
        if (imageSize > bytes.length - dataOffset) {
            throw new ImageDecodeException(Reason.CORRUPT, "the BMP image declares " + imageSize
                    + " bytes of pixel data; the file holds " + (bytes.length - dataOffset) + " after its headers");
        }
    }

    private static long uint32(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFFL) | (bytes[offset + 1] & 0xFFL) << 8 | (bytes[offset + 2] & 0xFFL) << 16
                | (bytes[offset + 3] & 0xFFL) << 24;
    }
}
