package dev.virtus.scan.provenance;

import static dev.virtus.scan.provenance.ProvenanceLimits.MAX_APP11_SEGMENTS;
import static dev.virtus.scan.provenance.ProvenanceLimits.MAX_MANIFEST_BYTES;
import static dev.virtus.scan.provenance.ProvenanceLimits.MAX_XMP_BYTES;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where an image keeps its statements of origin: the C2PA manifest store (JPEG APP11 JUMBF segments, PNG
 * {@code caBX} chunk, WebP {@code C2PA} chunk) and the XMP packet (JPEG APP1, PNG {@code iTXt XML:com.adobe.xmp},
 * WebP {@code XMP } chunk). Only the container structure is walked; pixels are never touched.
 *
 * @param jumbf the manifest store's JUMBF superbox, reassembled; null when the image has none
 * @param jumbfError why a manifest store that is there could not be taken out (over a bound, truncated); else null
 * @param xmp the XMP packet as text when there is one within {@link ProvenanceLimits#MAX_XMP_BYTES}; else null
 */
record EmbeddedMetadata(byte[] jumbf, String jumbfError, String xmp) {

    static final EmbeddedMetadata NONE = new EmbeddedMetadata(null, null, null);

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] XMP_APP1 = "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PNG_XMP_KEYWORD = "XML:com.adobe.xmp\0".getBytes(StandardCharsets.US_ASCII);

    static EmbeddedMetadata of(byte[] image) {
        if (image.length >= 3 && (image[0] & 0xff) == 0xff && (image[1] & 0xff) == 0xd8) {
            return jpeg(image);
        }
        if (image.length >= 8 && Arrays.equals(image, 0, 8, PNG_SIGNATURE, 0, 8)) {
            return png(image);
        }
        if (image.length >= 12 && ascii(image, 0, 4).equals("RIFF") && ascii(image, 8, 4).equals("WEBP")) {
            return webp(image);
        }
        return NONE;
    }

    /** Marker segments up to the first scan; APP11 segments of the JUMBF box instance that holds a C2PA store. */
    private static EmbeddedMetadata jpeg(byte[] image) {
        List<int[]> app11 = new ArrayList<>();
        String xmp = null;
        int at = 2;
        while (at + 4 <= image.length && (image[at] & 0xff) == 0xff) {
            int marker = image[at + 1] & 0xff;
            if (marker == 0xff) {
                at++;
                continue;
            }
            if (marker == 0xda || marker == 0xd9) {
                break;
            }
            int length = u16(image, at + 2);
            int start = at + 4;
            int end = at + 2 + length;
            if (length < 2 || end > image.length) {
                break;
            }
            if (marker == 0xeb && end - start >= 16 && image[start] == 'J' && image[start + 1] == 'P') {
                app11.add(new int[] {start, end});
            } else if (marker == 0xe1 && xmp == null && startsWith(image, start, end, XMP_APP1)) {
                xmp = text(image, start + XMP_APP1.length, end);
            }
            at = end;
        }
        if (app11.isEmpty()) {
            return new EmbeddedMetadata(null, null, xmp);
        }
        if (app11.size() > MAX_APP11_SEGMENTS) {
            return new EmbeddedMetadata(null, "more than " + MAX_APP11_SEGMENTS + " APP11 segments", xmp);
        }
        return reassemble(image, app11, xmp);
    }

    /**
     * ISO 19566-5 in JPEG: each APP11 segment is CI "JP", box instance En, sequence Z, then the box header (LBox,
     * TBox) repeated in every segment, then the next part of the box's payload. Segments of one En are joined in Z
     * order, starting with the first segment's header; the instance is the first whose payload is a C2PA store.
     */
    private static EmbeddedMetadata reassemble(byte[] image, List<int[]> segments, String xmp) {
        int instance = u16(image, segments.get(0)[0] + 2);
        var joined = new ByteArrayOutputStream();
        long expectedSequence = 1;
        for (int[] segment : segments) {
            int start = segment[0];
            if (u16(image, start + 2) != instance) {
                continue;
            }
            long sequence = u32(image, start + 4);
            int headerLength = u32(image, start + 8) == 1 ? 16 : 8;
            if (sequence != expectedSequence || start + 8 + headerLength > segment[1]) {
                return new EmbeddedMetadata(null, "APP11 segments out of order or truncated", xmp);
            }
            int from = sequence == 1 ? start + 8 : start + 8 + headerLength;
            if (joined.size() + (segment[1] - from) > MAX_MANIFEST_BYTES) {
                return new EmbeddedMetadata(null, "manifest store over " + MAX_MANIFEST_BYTES + " bytes", xmp);
            }
            joined.write(image, from, segment[1] - from);
            expectedSequence++;
        }
        return new EmbeddedMetadata(joined.toByteArray(), null, xmp);
    }

    private static EmbeddedMetadata png(byte[] image) {
        byte[] jumbf = null;
        String error = null;
        String xmp = null;
        int at = 8;
        while (at + 12 <= image.length) {
            long length = u32(image, at);
            String type = ascii(image, at + 4, 4);
            int start = at + 8;
            if (length > image.length - start - 4) {
                break;
            }
            int end = start + (int) length;
            if (type.equals("caBX") && jumbf == null && error == null) {
                if (length > MAX_MANIFEST_BYTES) {
                    error = "manifest store over " + MAX_MANIFEST_BYTES + " bytes";
                } else {
                    jumbf = Arrays.copyOfRange(image, start, end);
                }
            } else if (type.equals("iTXt") && xmp == null && startsWith(image, start, end, PNG_XMP_KEYWORD)) {
                xmp = pngXmp(image, start + PNG_XMP_KEYWORD.length, end);
            } else if (type.equals("IEND")) {
                break;
            }
            at = end + 4;
        }
        return new EmbeddedMetadata(jumbf, error, xmp);
    }

    /** iTXt after the keyword: compression flag, method, language tag\0, translated keyword\0, text (uncompressed only). */
    private static String pngXmp(byte[] image, int at, int end) {
        if (at + 2 > end || image[at] != 0) {
            return null;
        }
        int text = at + 2;
        for (int nulls = 0; nulls < 2; nulls++) {
            while (text < end && image[text] != 0) {
                text++;
            }
            text++;
        }
        return text <= end ? text(image, text, end) : null;
    }

    private static EmbeddedMetadata webp(byte[] image) {
        byte[] jumbf = null;
        String error = null;
        String xmp = null;
        long riffEnd = Math.min(image.length, 8 + u32le(image, 4));
        int at = 12;
        while (at + 8 <= riffEnd) {
            String type = ascii(image, at, 4);
            long length = u32le(image, at + 4);
            int start = at + 8;
            if (length > riffEnd - start) {
                break;
            }
            int end = start + (int) length;
            if (type.equals("C2PA") && jumbf == null && error == null) {
                if (length > MAX_MANIFEST_BYTES) {
                    error = "manifest store over " + MAX_MANIFEST_BYTES + " bytes";
                } else {
                    jumbf = Arrays.copyOfRange(image, start, end);
                }
            } else if (type.equals("XMP ") && xmp == null) {
                xmp = text(image, start, end);
            }
            at = end + (int) (length & 1);
        }
        return new EmbeddedMetadata(jumbf, error, xmp);
    }

    private static String text(byte[] image, int start, int end) {
        return end - start > MAX_XMP_BYTES ? null : new String(image, start, end - start, StandardCharsets.UTF_8);
    }

    private static boolean startsWith(byte[] image, int start, int end, byte[] prefix) {
        return end - start >= prefix.length && Arrays.equals(image, start, start + prefix.length, prefix, 0, prefix.length);
    }

    private static String ascii(byte[] bytes, int at, int length) {
        return new String(bytes, at, length, StandardCharsets.ISO_8859_1);
    }

    static int u16(byte[] bytes, int at) {
        return ((bytes[at] & 0xff) << 8) | (bytes[at + 1] & 0xff);
    }

    static long u32(byte[] bytes, int at) {
        return ((long) u16(bytes, at) << 16) | u16(bytes, at + 2);
    }

    private static long u32le(byte[] bytes, int at) {
        return (bytes[at] & 0xffL) | (bytes[at + 1] & 0xffL) << 8 | (bytes[at + 2] & 0xffL) << 16 | (bytes[at + 3] & 0xffL) << 24;
    }
}
