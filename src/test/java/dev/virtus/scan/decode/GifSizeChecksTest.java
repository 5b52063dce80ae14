package dev.virtus.scan.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;

import org.junit.jupiter.api.Test;

import dev.virtus.scan.decode.ImageDecodeException.Reason;

/**
 * A GIF has two declared sizes, its logical screen and its first frame, and each is refused on its own: a file whose
 * other size is harmless, so that only the check under test stands between it and the pixels.
 */
class GifSizeChecksTest {

    /**
     * A GIF89a with a two-colour table and one frame at (0, 0) whose one-pixel LZW stream is the same whatever the
     * frame's declared size: 35 bytes.
     */
    static byte[] gif(int screenWidth, int screenHeight, int frameWidth, int frameHeight) {
        return gif(screenWidth, screenHeight, frameWidth, frameHeight, 1);
    }

    /** The same with {@code frames} identical frames: an animation. */
    static byte[] gif(int screenWidth, int screenHeight, int frameWidth, int frameHeight, int frames) {
        ByteArrayOutputStream gif = new ByteArrayOutputStream();
        gif.writeBytes("GIF89a".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        short16(gif, screenWidth);
        short16(gif, screenHeight);
        gif.writeBytes(new byte[] {(byte) 0x80, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 0, 0});
        for (int frame = 0; frame < frames; frame++) {
            gif.write(0x2C);
            short16(gif, 0);
            short16(gif, 0);
            short16(gif, frameWidth);
            short16(gif, frameHeight);
            gif.writeBytes(new byte[] {0, 2, 2, 0x44, 0x01, 0});
        }
        gif.write(0x3B);
        return gif.toByteArray();
    }

    private static void short16(ByteArrayOutputStream out, int value) {
        out.write(value & 0xFF);
        out.write(value >> 8);
    }

    private static long allocatedWhile(Runnable work) {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        work.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    @Test
    void should_decode_the_tiny_frame_on_a_small_screen() {
        RgbImage image = new ImageDecoder(new DecodeLimits(1 << 20, 1_000_000)).decode(gif(3, 2, 1, 1));

        assertEquals(3, image.width());
        assertEquals(2, image.height());
    }

    /** The file is 16384x16383 (805 MB of pixels for a 1x1 frame); 4096x4096 over a 1 Mpx limit keeps a broken check cheap. */
    @Test
    void should_refuse_a_huge_logical_screen_with_a_tiny_first_frame_before_allocating_its_canvas() {
        ImageDecoder decoder = new ImageDecoder(new DecodeLimits(1 << 20, 1_000_000));
        byte[] bytes = gif(4096, 4096, 1, 1);
        ImageDecodeException[] error = new ImageDecodeException[1];

        long allocated = allocatedWhile(() -> error[0] = assertThrows(ImageDecodeException.class, () -> decoder.decode(bytes)));

        assertEquals(35, bytes.length);
        assertEquals(Reason.TOO_MANY_PIXELS, error[0].reason());
        assertEquals("the GIF logical screen declares 4096x4096 = 16777216 pixels; the limit is 1000000 (virtus.decode.max-pixels)",
                error[0].getMessage());
        assertTrue(allocated < 16 * 1024 * 1024, "allocated " + allocated + " bytes while refusing a 48 MB canvas");
    }

    @Test
    void should_refuse_a_first_frame_past_the_limits_on_a_small_screen() {
        ImageDecoder decoder = new ImageDecoder(new DecodeLimits(1 << 20, 1_000, 64, 100, 100, java.time.Duration.ofSeconds(10)));

        ImageDecodeException error = assertThrows(ImageDecodeException.class, () -> decoder.decode(gif(1, 1, 65, 1)));

        assertEquals(Reason.TOO_MANY_PIXELS, error.reason());
        assertEquals("the GIF image declares 65x1; the limit is 64 pixels per side (virtus.decode.max-dimension)", error.getMessage());
    }

    /** Two frames of a 1200x1000 screen are within a 3 Mpx budget for all frames: only the screen's own limit refuses. */
    @Test
    void should_refuse_an_animation_whose_logical_screen_is_over_the_limits_before_any_frame_is_decoded() {
        DecodeLimits limits = new DecodeLimits(1 << 20, 1_000_000, 16384, 100, 100, java.time.Duration.ofSeconds(10), 100, 3_000_000);
        java.util.List<RgbImage> decoded = new java.util.ArrayList<>();

        ImageDecodeException error = assertThrows(ImageDecodeException.class,
                () -> new ImageDecoder(limits).decodeFrames(gif(1200, 1000, 1, 1, 2), decoded::add));

        assertEquals(Reason.TOO_MANY_PIXELS, error.reason());
        assertTrue(error.getMessage().contains("logical screen"), error.getMessage());
        assertEquals(java.util.List.of(), decoded);
    }
}
