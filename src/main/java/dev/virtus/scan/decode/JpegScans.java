package dev.virtus.scan.decode;

import dev.virtus.scan.decode.ImageDecodeException.Reason;

/**
 * Counts a JPEG's scans (SOS markers) by walking its markers, before any decoding: the JDK's decoder redraws the
 * whole image after every scan of a progressive JPEG, so thousands of tiny repeated scans cost minutes. The limit
 * plays the part of libjpeg-turbo's {@code -maxscans}.
 */
final class JpegScans {

    private static final int SOS = 0xDA;
    private static final int EOI = 0xD9;

    private JpegScans() {
    }

    static void requireAtMost(byte[] bytes, int maxScans) {
        int scans = 0;
        int pos = 2;
        while (pos + 1 < bytes.length) {
            if ((bytes[pos] & 0xFF) != 0xFF) {
                return; // not a marker where one belongs: the decoder reports the damage
            }
            int marker = bytes[pos + 1] & 0xFF;
            if (marker == 0xFF) {
                pos++; // fill byte
                continue;
            }
            if (marker == EOI) {
                return;
            }
            if (hasNoLength(marker)) {
                pos += 2;
                continue;
            }
            if (pos + 3 >= bytes.length) {
                return;
            }
            int length = ((bytes[pos + 2] & 0xFF) << 8) | (bytes[pos + 3] & 0xFF);
            pos += 2 + length;
            if (marker == SOS) {
                scans++;
                if (scans > maxScans) {
                    throw new ImageDecodeException(Reason.OVER_LIMIT, "the JPEG image has more than " + maxScans
                            + " scans; the limit is " + maxScans + " (virtus.decode.max-jpeg-scans)");
                }
                pos = endOfEntropyCodedData(bytes, pos);
            }
        }
    }

    private static boolean hasNoLength(int marker) {
        return marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8);
    }

    /** The next marker after a scan's data: 0xFF followed by neither a stuffed 0x00 nor a restart marker. */
    private static int endOfEntropyCodedData(byte[] bytes, int pos) {
        while (pos + 1 < bytes.length) {
            int next = bytes[pos + 1] & 0xFF;
            if ((bytes[pos] & 0xFF) == 0xFF && next != 0x00 && !(next >= 0xD0 && next <= 0xD7)) {
                return pos;
            }
            pos++;
        }
        return bytes.length;
    }
}
