package dev.virtus.scan.decode;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.virtus.scan.decode.ImageDecodeException.Reason;

/** The declared WebP sizes on hand-built files, against at most 100 pixels per side. */
class WebpFramesTest {

    private static final DecodeLimits LIMITS = new DecodeLimits(1 << 20, 10_000, 100, 100, 10, Duration.ofSeconds(1));

    /** Little-endian bytes of {@code value}. */
    private static byte[] le(long value, int count) {
        byte[] bytes = new byte[count];
        for (int i = 0; i < count; i++) {
            bytes[i] = (byte) (value >>> (8 * i));
        }
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A chunk: type, little-endian size, data, and a pad byte after odd sizes. */
    private static byte[] chunk(String type, byte[] data) {
        return concat(type.getBytes(StandardCharsets.ISO_8859_1), le(data.length, 4), data, new byte[data.length & 1]);
    }

    private static byte[] canvas(long width, long height) {
        return chunk("VP8X", concat(new byte[4], le(width - 1, 3), le(height - 1, 3)));
    }

    /** A lossy key frame; {@code widthField} carries the scaling bits above its 14 bits of width. */
    private static byte[] vp8(int widthField, int heightField) {
        return chunk("VP8 ", concat(new byte[3], new byte[] {(byte) 0x9D, 0x01, 0x2A}, le(widthField, 2), le(heightField, 2)));
    }

    private static byte[] vp8l(long width, long height) {
        return chunk("VP8L", concat(new byte[] {0x2F}, le((width - 1) | (height - 1) << 14, 4)));
    }

    /** An animation frame at ({@code left}, {@code top}), both even as the format stores them halved. */
    private static byte[] anmf(long left, long top, long width, long height, byte[]... nested) {
        return chunk("ANMF", concat(le(left / 2, 3), le(top / 2, 3), le(width - 1, 3), le(height - 1, 3), new byte[4],
                concat(nested)));
    }

    private static byte[] webp(byte[]... chunks) {
        byte[] body = concat(chunks);
        return concat("RIFF".getBytes(StandardCharsets.ISO_8859_1), le(body.length + 4, 4),
                "WEBP".getBytes(StandardCharsets.ISO_8859_1), body);
    }

    private static void accepted(byte[] file) {
        assertDoesNotThrow(() -> WebpFrames.requireWithin(file, LIMITS));
    }

    private static ImageDecodeException refused(byte[] file) {
        return assertThrows(ImageDecodeException.class, () -> WebpFrames.requireWithin(file, LIMITS));
    }

    @Test
    void should_accept_frames_that_fill_the_canvas() {
        accepted(webp(canvas(50, 40), vp8l(50, 40)));
        accepted(webp(canvas(50, 40), vp8(50, 40)));
        accepted(webp(canvas(100, 100), anmf(30, 40, 70, 60, vp8l(70, 60))));
    }

    @Test
    void should_refuse_a_canvas_past_the_limits() {
        ImageDecodeException error = refused(webp(canvas(101, 10)));

        assertEquals(Reason.TOO_MANY_PIXELS, error.reason());
        assertEquals("the WEBP canvas declares 101x10; the limit is 100 pixels per side (virtus.decode.max-dimension)",
                error.getMessage());
    }

    @Test
    void should_read_sizes_as_little_endian_numbers() {
        assertEquals("the WEBP canvas declares 66052x1; the limit is 100 pixels per side (virtus.decode.max-dimension)",
                refused(webp(canvas(0x010204, 1))).getMessage());
        assertEquals("the WEBP frame declares 16384x16384; the limit is 100 pixels per side (virtus.decode.max-dimension)",
                refused(webp(vp8l(16384, 16384))).getMessage());
    }

    @Test
    void should_refuse_a_lossy_frame_wider_than_the_canvas() {
        ImageDecodeException error = refused(webp(canvas(50, 50), vp8(51, 50)));

        assertEquals(Reason.CORRUPT, error.reason());
        assertEquals("the WEBP image's 51x50 frame at 0,0 lies beyond its 50x50 canvas", error.getMessage());
    }

    @Test
    void should_refuse_a_lossless_frame_taller_than_the_canvas() {
        assertEquals("the WEBP image's 50x51 frame at 0,0 lies beyond its 50x50 canvas",
                refused(webp(canvas(50, 50), vp8l(50, 51))).getMessage());
    }

    @Test
    void should_ignore_the_scaling_bits_above_a_lossy_frames_size() {
        accepted(webp(canvas(50, 40), vp8(0xC000 | 50, 0x4000 | 40)));
    }

    @Test
    void should_refuse_a_lossy_frame_past_the_limits() {
        assertEquals("the WEBP frame declares 101x1; the limit is 100 pixels per side (virtus.decode.max-dimension)",
                refused(webp(vp8(101, 1))).getMessage());
    }

    @Test
    void should_not_read_a_size_from_a_lossy_chunk_without_the_start_code() {
        byte[] noStartCode = chunk("VP8 ", concat(new byte[6], le(5000, 2), le(5000, 2)));

        accepted(webp(canvas(50, 50), noStartCode));
    }

    @Test
    void should_not_read_sizes_from_chunks_too_short_to_hold_them() {
        byte[] shortCanvas = chunk("VP8X", concat(new byte[4], le(4999, 3), new byte[2]));
        byte[] shortLossy = chunk("VP8 ", concat(new byte[3], new byte[] {(byte) 0x9D, 0x01, 0x2A}, le(5000, 2), new byte[1]));
        byte[] shortLossless = chunk("VP8L", concat(new byte[] {0x2F}, le(4999, 3)));
        byte[] shortFrame = chunk("ANMF", concat(new byte[6], le(4999, 3), le(4999, 3), new byte[3]));

        accepted(webp(shortCanvas, shortLossy, shortLossless, shortFrame, vp8l(100, 100)));
    }

    @Test
    void should_place_an_animation_frame_at_twice_its_stored_offset() {
        accepted(webp(canvas(50, 50), anmf(30, 0, 20, 20)));

        assertEquals("the WEBP image's 20x20 frame at 32,0 lies beyond its 50x50 canvas",
                refused(webp(canvas(50, 50), anmf(32, 0, 20, 20))).getMessage());
        assertEquals("the WEBP image's 20x20 frame at 0,32 lies beyond its 50x50 canvas",
                refused(webp(canvas(50, 50), anmf(0, 32, 20, 20))).getMessage());
    }

    @Test
    void should_check_the_bitstream_inside_an_animation_frame() {
        assertEquals("the WEBP image's 60x60 frame at 0,0 lies beyond its 50x50 canvas",
                refused(webp(canvas(50, 50), anmf(0, 0, 50, 50, vp8l(60, 60)))).getMessage());
    }

    @Test
    void should_not_read_an_animation_frame_nested_in_another() {
        accepted(webp(canvas(50, 50), anmf(0, 0, 50, 50, anmf(40, 40, 50, 50))));
    }

    @Test
    void should_refuse_a_chunk_longer_than_the_file() {
        byte[] file = webp(canvas(50, 50), vp8l(50, 50));
        byte[] cut = Arrays.copyOf(file, file.length - 2); // the pad byte and the last byte of data

        ImageDecodeException error = refused(cut);

        assertEquals(Reason.CORRUPT, error.reason());
        assertEquals("the WEBP image's VP8L chunk declares 5 bytes; 4 follow it", error.getMessage());
    }

    @Test
    void should_name_a_lossy_chunk_without_its_trailing_space() {
        byte[] file = webp(vp8(10, 10));

        assertEquals("the WEBP image's VP8 chunk declares 10 bytes; 9 follow it",
                refused(Arrays.copyOf(file, file.length - 1)).getMessage());
    }

    @Test
    void should_refuse_a_chunk_running_past_the_end_of_its_animation_frame() {
        byte[] frame = anmf(0, 0, 50, 50, vp8l(50, 50));
        frame[4] -= 2; // the frame's own size two short: its nested chunk now runs past the frame's end

        assertEquals("the WEBP image's VP8L chunk declares 5 bytes; 4 follow it",
                refused(webp(canvas(50, 50), frame)).getMessage());
    }

    @Test
    void should_skip_the_pad_byte_after_an_odd_sized_chunk() {
        // misread, the pad byte would shift every later chunk header by one and the oversized frame would go unseen
        assertEquals(Reason.TOO_MANY_PIXELS, refused(webp(chunk("EXIF", new byte[3]), vp8l(200, 1))).reason());
    }
}
