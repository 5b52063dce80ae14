package dev.virtus.scan.decode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/** The encoded formats we decode, recognised by their leading bytes only. */
public enum ImageFormat {
    JPEG("jpeg"),
    PNG("png"),
    GIF("gif"),
    BMP("bmp"),
    WEBP("webp");

    private final String imageIoName;

    ImageFormat(String imageIoName) {
        this.imageIoName = imageIoName;
    }

    public String imageIoName() {
        return imageIoName;
    }

    /**
     * Names the format of {@code bytes} from its signature; never from a file name or a
     * Content-Type, which callers control.
     *
     * @throws ImageDecodeException {@link ImageDecodeException.Reason#UNSUPPORTED_FORMAT} naming what was
     *         recognised (HEIC, AVIF, SVG...) or saying nothing was
     */
    public static ImageFormat sniff(byte[] bytes) {
        if (startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        }
        if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return PNG;
        }
        if (startsWithAscii(bytes, 0, "GIF87a") || startsWithAscii(bytes, 0, "GIF89a")) {
            return GIF;
        }
        if (startsWithAscii(bytes, 0, "BM") && bytes.length >= 26) {
            return BMP;
        }
        if (startsWithAscii(bytes, 0, "RIFF") && startsWithAscii(bytes, 8, "WEBP")) {
            return WEBP;
        }
        throw new ImageDecodeException(ImageDecodeException.Reason.UNSUPPORTED_FORMAT, describeUnsupported(bytes));
    }

    private static String describeUnsupported(byte[] bytes) {
        if (startsWithAscii(bytes, 4, "ftyp") && bytes.length >= 12) {
            String brand = new String(bytes, 8, 4, StandardCharsets.US_ASCII).trim().toLowerCase(Locale.ROOT);
            String family = switch (brand) {
                case "avif", "avis" -> "AVIF";
                case "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1" -> "HEIC/HEIF";
                default -> "ISO media (brand '" + brand + "')";
            };
            return family + " images are not supported; supported formats: JPEG, PNG, GIF, BMP, WebP";
        }
        String head = new String(bytes, 0, Math.min(bytes.length, 512), StandardCharsets.ISO_8859_1)
                .stripLeading().toLowerCase(Locale.ROOT);
        if (head.startsWith("<svg") || (head.startsWith("<?xml") && head.contains("<svg"))) {
            return "SVG (vector) images are not supported; supported formats: JPEG, PNG, GIF, BMP, WebP";
        }
        return "not a recognised image (first bytes " + hex(bytes) + "); supported formats: JPEG, PNG, GIF, BMP, WebP";
    }

    private static boolean startsWith(byte[] bytes, int offset, int... expected) {
        if (bytes.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((bytes[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithAscii(byte[] bytes, int offset, String expected) {
        return startsWith(bytes, offset, expected.chars().toArray());
    }

    private static String hex(byte[] bytes) {
        byte[] head = Arrays.copyOf(bytes, Math.min(bytes.length, 8));
        StringBuilder out = new StringBuilder();
        for (byte b : head) {
            out.append(String.format("%02x", b & 0xFF));
        }
        return out.toString();
    }
}
