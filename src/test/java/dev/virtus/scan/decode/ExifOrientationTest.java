package dev.virtus.scan.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The transposes of {@code PIL.ImageOps.exif_transpose} on a 3x2 picture whose pixels are letters, and the
 * orientation read from hand-built PNG, WebP and JPEG containers. The golden fixtures
 * ({@code *-exif-*}) check the same against PIL on real files.
 */
class ExifOrientationTest {

    /** a b c / d e f, each pixel (letter, letter + 1, letter + 2) so that a channel mix-up shows. */
    private static RgbImage letters(String rows) {
        String[] lines = rows.split(" / ");
        int width = lines[0].length();
        byte[] pixels = new byte[width * lines.length * 3];
        int o = 0;
        for (String line : lines) {
            for (char c : line.toCharArray()) {
                pixels[o++] = (byte) c;
                pixels[o++] = (byte) (c + 1);
                pixels[o++] = (byte) (c + 2);
            }
        }
        return new RgbImage(width, lines.length, pixels);
    }

    private static String rows(RgbImage image) {
        StringBuilder text = new StringBuilder();
        byte[] p = image.pixels();
        for (int y = 0; y < image.height(); y++) {
            text.append(y == 0 ? "" : " / ");
            for (int x = 0; x < image.width(); x++) {
                int i = (y * image.width() + x) * 3;
                assertEquals(p[i] + 1, p[i + 1], "green of pixel " + x + "," + y);
                assertEquals(p[i] + 2, p[i + 2], "blue of pixel " + x + "," + y);
                text.append((char) p[i]);
            }
        }
        return text.toString();
    }

    // Expected rows from PIL: Image.transpose with FLIP_LEFT_RIGHT, ROTATE_180, FLIP_TOP_BOTTOM, TRANSPOSE,
    // ROTATE_270, TRANSVERSE, ROTATE_90 (exif_transpose's choice for 2..8) on "abc / def".
    @ParameterizedTest(name = "orientation {0} -> {1}")
    @CsvSource({
        "2, cba / fed",
        "3, fed / cba",
        "4, def / abc",
        "5, ad / be / cf",
        "6, da / eb / fc",
        "7, fc / eb / da",
        "8, cf / be / ad",
    })
    void should_transpose_like_pil_exif_transpose(int orientation, String expected) {
        RgbImage stored = letters("abc / def");

        RgbImage upright = ExifOrientation.apply(stored, orientation);

        assertEquals(expected, rows(upright));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 9})
    void should_leave_the_image_alone_for_normal_or_invalid_orientations(int orientation) {
        RgbImage stored = letters("abc / def");

        assertSame(stored, ExifOrientation.apply(stored, orientation));
    }

    // ---------------------------------------------------------------- reading the tag

    /** TIFF with one IFD entry: Orientation (0x0112), SHORT, count 1. */
    static byte[] tiff(ByteOrder order, int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(26).order(order);
        tiff.put(order == ByteOrder.LITTLE_ENDIAN ? new byte[] {'I', 'I'} : new byte[] {'M', 'M'});
        tiff.putShort((short) 42).putInt(8).putShort((short) 1);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        return tiff.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** A PNG chunk; the reader of the orientation does not check CRCs, so the CRC is left zero. */
    private static byte[] pngChunk(String type, byte[] payload) {
        return concat(ByteBuffer.allocate(4).putInt(payload.length).array(), ascii(type), payload, new byte[4]);
    }

    private static byte[] png(byte[]... chunks) {
        return concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
                pngChunk("IHDR", new byte[13]), concat(chunks), pngChunk("IEND", new byte[0]));
    }

    private static byte[] webpChunk(String type, byte[] payload) {
        byte[] padding = new byte[payload.length & 1];
        return concat(ascii(type), ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(payload.length).array(),
                payload, padding);
    }

    private static byte[] webp(byte[]... chunks) {
        byte[] body = concat(ascii("WEBP"), concat(chunks));
        return concat(ascii("RIFF"), ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(body.length).array(), body);
    }

    private static final byte[] IDAT = pngChunk("IDAT", new byte[] {1, 2, 3});

    @ParameterizedTest
    @ValueSource(ints = {2, 5, 7, 8})
    void should_read_the_orientation_of_a_png_exif_chunk_before_the_image_data(int orientation) {
        byte[] file = png(pngChunk("eXIf", tiff(ByteOrder.BIG_ENDIAN, orientation)), IDAT);

        assertEquals(orientation, ExifOrientation.read(file, ImageFormat.PNG));
    }

    @Test
    void should_read_a_png_exif_chunk_after_the_image_data_as_pil_loads_it() {
        byte[] file = png(IDAT, pngChunk("eXIf", tiff(ByteOrder.LITTLE_ENDIAN, 6)));

        assertEquals(6, ExifOrientation.read(file, ImageFormat.PNG));
    }

    @Test
    void should_prefer_the_png_exif_chunk_before_the_image_data_over_one_after() {
        // PIL's getexif loads the rest of the file only when no eXIf came before IDAT
        byte[] file = png(pngChunk("eXIf", tiff(ByteOrder.BIG_ENDIAN, 3)), IDAT, pngChunk("eXIf", tiff(ByteOrder.BIG_ENDIAN, 6)));

        assertEquals(3, ExifOrientation.read(file, ImageFormat.PNG));
    }

    @Test
    void should_take_the_last_of_several_png_exif_chunks_as_pil_overwrites_them() {
        byte[] before = png(pngChunk("eXIf", tiff(ByteOrder.BIG_ENDIAN, 3)), pngChunk("eXIf", tiff(ByteOrder.BIG_ENDIAN, 8)), IDAT);
        byte[] after = png(IDAT, pngChunk("eXIf", tiff(ByteOrder.BIG_ENDIAN, 3)), pngChunk("eXIf", tiff(ByteOrder.BIG_ENDIAN, 5)));

        assertEquals(8, ExifOrientation.read(before, ImageFormat.PNG));
        assertEquals(5, ExifOrientation.read(after, ImageFormat.PNG));
    }

    @Test
    void should_ignore_png_chunks_after_iend() {
        byte[] file = concat(png(IDAT), pngChunk("eXIf", tiff(ByteOrder.BIG_ENDIAN, 6)));

        assertEquals(1, ExifOrientation.read(file, ImageFormat.PNG));
    }

    @Test
    void should_ignore_a_png_exif_chunk_cut_short_by_the_end_of_the_file() {
        byte[] whole = png(IDAT, pngChunk("eXIf", tiff(ByteOrder.BIG_ENDIAN, 6)));
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 12 - 4 - 1); // IEND and the eXIf CRC gone, one payload byte short

        assertEquals(1, ExifOrientation.read(cut, ImageFormat.PNG));
    }

    @Test
    void should_read_a_png_exif_chunk_that_ends_exactly_at_the_end_of_the_file() {
        // no IEND: the chunk's CRC is the last four bytes
        byte[] withIend = png(IDAT, pngChunk("eXIf", tiff(ByteOrder.BIG_ENDIAN, 7)));
        byte[] file = java.util.Arrays.copyOf(withIend, withIend.length - 12);

        assertEquals(7, ExifOrientation.read(file, ImageFormat.PNG));
    }

    @Test
    void should_read_a_webp_exif_chunk_after_other_chunks_with_odd_padding() {
        byte[] file = webp(webpChunk("VP8X", new byte[10]), webpChunk("ICCP", new byte[3]),
                webpChunk("EXIF", tiff(ByteOrder.BIG_ENDIAN, 5)));

        assertEquals(5, ExifOrientation.read(file, ImageFormat.WEBP));
    }

    @Test
    void should_strip_the_jpeg_style_header_inside_a_webp_exif_chunk() {
        byte[] file = webp(webpChunk("VP8X", new byte[10]), webpChunk("EXIF", concat(ascii("Exif\0\0"), tiff(ByteOrder.LITTLE_ENDIAN, 8))));

        assertEquals(8, ExifOrientation.read(file, ImageFormat.WEBP));
    }

    @Test
    void should_read_a_webp_exif_chunk_that_ends_exactly_at_the_end_of_the_file() {
        byte[] file = webp(webpChunk("EXIF", tiff(ByteOrder.LITTLE_ENDIAN, 2)));

        assertEquals(2, ExifOrientation.read(file, ImageFormat.WEBP));
    }

    @Test
    void should_ignore_a_webp_exif_chunk_longer_than_the_file() {
        byte[] whole = webp(webpChunk("EXIF", tiff(ByteOrder.LITTLE_ENDIAN, 6)));
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 1);

        assertEquals(1, ExifOrientation.read(cut, ImageFormat.WEBP));
    }

    @Test
    void should_read_the_orientation_of_a_jpeg_exif_segment() {
        byte[] exif = concat(ascii("Exif\0\0"), tiff(ByteOrder.LITTLE_ENDIAN, 7));
        byte[] app1 = concat(new byte[] {(byte) 0xFF, (byte) 0xE1}, ByteBuffer.allocate(2).putShort((short) (exif.length + 2)).array(), exif);
        byte[] file = concat(new byte[] {(byte) 0xFF, (byte) 0xD8}, app1, new byte[] {(byte) 0xFF, (byte) 0xD9});

        assertEquals(7, ExifOrientation.read(file, ImageFormat.JPEG));
    }

    @Test
    void should_ignore_a_jpeg_exif_segment_without_the_second_nul() {
        byte[] exif = concat(ascii("Exif\0X"), tiff(ByteOrder.LITTLE_ENDIAN, 7));
        byte[] app1 = concat(new byte[] {(byte) 0xFF, (byte) 0xE1}, ByteBuffer.allocate(2).putShort((short) (exif.length + 2)).array(), exif);
        byte[] file = concat(new byte[] {(byte) 0xFF, (byte) 0xD8}, app1, new byte[] {(byte) 0xFF, (byte) 0xD9});

        assertEquals(1, ExifOrientation.read(file, ImageFormat.JPEG));
    }

    @Test
    void should_read_normal_when_a_jpeg_has_no_exif() {
        byte[] file = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9};

        assertEquals(1, ExifOrientation.read(file, ImageFormat.JPEG));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 9, 65535})
    void should_read_normal_for_an_orientation_outside_one_to_eight(int orientation) {
        byte[] file = png(pngChunk("eXIf", tiff(ByteOrder.BIG_ENDIAN, orientation)), IDAT);

        assertEquals(1, ExifOrientation.read(file, ImageFormat.PNG));
    }

    @Test
    void should_read_normal_from_a_damaged_exif_block() {
        byte[] file = png(pngChunk("eXIf", ascii("MM\0*garbage")), IDAT);

        assertEquals(1, ExifOrientation.read(file, ImageFormat.PNG));
    }

    @Test
    void should_read_normal_when_the_exif_block_has_no_orientation() {
        byte[] noOrientation = tiff(ByteOrder.BIG_ENDIAN, 6);
        noOrientation[10] = 0x00; // tag 0x0112 -> 0x0012 (big-endian: high byte first)
        byte[] file = png(pngChunk("eXIf", noOrientation), IDAT);

        assertEquals(1, ExifOrientation.read(file, ImageFormat.PNG));
    }

    @Test
    void should_read_normal_for_formats_without_exif() {
        byte[] pngWithExif = png(pngChunk("eXIf", tiff(ByteOrder.BIG_ENDIAN, 6)), IDAT);

        assertEquals(1, ExifOrientation.read(pngWithExif, ImageFormat.GIF));
        assertEquals(1, ExifOrientation.read(pngWithExif, ImageFormat.BMP));
    }
}
