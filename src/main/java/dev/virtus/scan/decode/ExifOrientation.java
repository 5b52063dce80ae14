package dev.virtus.scan.decode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;

/**
 * The EXIF orientation tag and the transpose that undoes it, as {@code PIL.ImageOps.exif_transpose}
 * applies it (the Hugging Face {@code load_image} calls it before anything else).
 */
final class ExifOrientation {

    static final int NORMAL = 1;

    private ExifOrientation() {
    }

    /** The orientation (1 to 8) stored in the image's EXIF block; 1 when absent or unreadable. */
    static int read(byte[] bytes, ImageFormat format) {
        try {
            byte[] tiff = switch (format) {
                case JPEG -> jpegExif(bytes);
                case PNG -> pngExif(bytes);
                case WEBP -> webpChunk(bytes, "EXIF");
                case GIF, BMP -> null;
            };
            return tiff == null ? NORMAL : orientationOf(tiff);
        } catch (IOException | RuntimeException unreadableExif) {
            // PIL ignores a damaged EXIF block too: the pixels are still the image.
            return NORMAL;
        }
    }

    /** Applies the transpose PIL's {@code exif_transpose} picks for {@code orientation}. */
    static RgbImage apply(RgbImage image, int orientation) {
        return switch (orientation) {
            case 2 -> remap(image, false, (x, y, w, h) -> (w - 1 - x) + y * w);
            case 3 -> remap(image, false, (x, y, w, h) -> (w - 1 - x) + (h - 1 - y) * w);
            case 4 -> remap(image, false, (x, y, w, h) -> x + (h - 1 - y) * w);
            case 5 -> remap(image, true, (x, y, w, h) -> y + x * w);
            case 6 -> remap(image, true, (x, y, w, h) -> y + (h - 1 - x) * w);
            case 7 -> remap(image, true, (x, y, w, h) -> (w - 1 - y) + (h - 1 - x) * w);
            case 8 -> remap(image, true, (x, y, w, h) -> (w - 1 - y) + x * w);
            default -> image;
        };
    }

    /** Source pixel index for output pixel (x, y), given the source width and height. */
    @FunctionalInterface
    private interface SourceIndex {
        int of(int x, int y, int sourceWidth, int sourceHeight);
    }

    private static RgbImage remap(RgbImage source, boolean swapsAxes, SourceIndex sourceIndex) {
        int w = source.width();
        int h = source.height();
        int outWidth = swapsAxes ? h : w;
        int outHeight = swapsAxes ? w : h;
        byte[] in = source.pixels();
        byte[] out = new byte[in.length];
        int o = 0;
        for (int y = 0; y < outHeight; y++) {
            for (int x = 0; x < outWidth; x++) {
                int s = sourceIndex.of(x, y, w, h) * 3;
                out[o++] = in[s];
                out[o++] = in[s + 1];
                out[o++] = in[s + 2];
            }
        }
        return new RgbImage(outWidth, outHeight, out);
    }

    private static int orientationOf(byte[] tiff) throws IOException {
        try (ImageInputStream stream = new MemoryCacheImageInputStream(new ByteArrayInputStream(tiff))) {
            Directory directory = new TIFFReader().read(stream);
            Entry entry = directory.getEntryById(TIFF.TAG_ORIENTATION);
            if (entry != null && entry.getValue() instanceof Number number) {
                int value = number.intValue();
                return value >= 1 && value <= 8 ? value : NORMAL;
            }
            return NORMAL;
        }
    }

    private static byte[] jpegExif(byte[] bytes) throws IOException {
        try (ImageInputStream stream = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            List<JPEGSegment> segments = JPEGSegmentUtil.readSegments(stream, JPEG.APP1, "Exif");
            if (segments.isEmpty()) {
                return null;
            }
            try (InputStream data = segments.get(0).data()) {
                // "Exif" is followed by two NULs; the segment identifier consumed the first.
                if (data.read() != 0) {
                    return null;
                }
                return data.readAllBytes();
            }
        }
    }

    /**
     * The eXIf payload PIL ends up using: PIL reads chunks up to the first IDAT when opening, each eXIf
     * replacing the previous; {@code getexif} then loads the image (reading the chunks after the image data
     * up to IEND, again last one wins) only when none came before IDAT.
     */
    private static byte[] pngExif(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        byte[] beforeImageData = null;
        byte[] afterImageData = null;
        boolean imageDataSeen = false;
        int position = 8;
        while (position + 8 <= bytes.length) {
            long length = Integer.toUnsignedLong(buffer.getInt(position));
            String chunk = new String(bytes, position + 4, 4, StandardCharsets.US_ASCII);
            if (chunk.equals("IEND") || position + 12 + length > bytes.length) {
                break;
            }
            if (chunk.equals("IDAT")) {
                imageDataSeen = true;
            } else if (chunk.equals("eXIf")) {
                byte[] payload = Arrays.copyOfRange(bytes, position + 8, position + 8 + (int) length);
                if (imageDataSeen) {
                    afterImageData = payload;
                } else {
                    beforeImageData = payload;
                }
            }
            position += 12 + (int) length;
        }
        return beforeImageData != null ? beforeImageData : afterImageData;
    }

    private static byte[] webpChunk(byte[] bytes, String type) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int position = 12;
        while (position + 8 <= bytes.length) {
            long length = Integer.toUnsignedLong(buffer.getInt(position + 4));
            String chunk = new String(bytes, position, 4, StandardCharsets.US_ASCII);
            if (position + 8 + length > bytes.length) {
                return null;
            }
            if (chunk.equals(type)) {
                byte[] payload = Arrays.copyOfRange(bytes, position + 8, position + 8 + (int) length);
                return stripExifHeader(payload);
            }
            position += 8 + (int) (length + (length & 1));
        }
        return null;
    }

    /** Some writers keep the JPEG-style "Exif\0\0" header inside the WebP EXIF chunk. */
    private static byte[] stripExifHeader(byte[] payload) {
        if (payload.length >= 6 && new String(payload, 0, 4, StandardCharsets.US_ASCII).equals("Exif")) {
            return Arrays.copyOfRange(payload, 6, payload.length);
        }
        return payload;
    }
}
