package dev.virtus.scan.decode;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.virtus.scan.VirtusConfigs;
import dev.virtus.scan.decode.ImageDecodeException.Reason;

/** The declared-size checks, at and one past each limit: 100 per side, 5000 pixels, aspect ratio 4. */
class DecodeLimitsTest {

    private static final DecodeLimits LIMITS = new DecodeLimits(1000, 5000, 100, 4, 10, Duration.ofSeconds(1));

    private static ImageDecodeException refusal(long width, long height) {
        return assertThrows(ImageDecodeException.class, () -> LIMITS.requireWithin(ImageFormat.PNG, "image", width, height));
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"100, 25", "25, 100", "70, 70", "50, 100", "100, 50", "1, 1", "4, 1", "1, 4"})
    void should_accept_sizes_at_the_limits(long width, long height) {
        assertDoesNotThrow(() -> LIMITS.requireWithin(ImageFormat.PNG, "image", width, height));
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"0, 10", "10, 0", "-1, 10", "10, -1"})
    void should_refuse_an_empty_or_negative_side_as_corrupt(long width, long height) {
        ImageDecodeException error = refusal(width, height);

        assertEquals(Reason.CORRUPT, error.reason());
        assertEquals("the PNG image declares " + width + "x" + height + ", an invalid size", error.getMessage());
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"101, 30", "30, 101"})
    void should_refuse_a_side_past_the_maximum_dimension(long width, long height) {
        ImageDecodeException error = refusal(width, height);

        assertEquals(Reason.TOO_MANY_PIXELS, error.reason());
        assertEquals("the PNG image declares " + width + "x" + height
                + "; the limit is 100 pixels per side (virtus.decode.max-dimension)", error.getMessage());
    }

    @Test
    void should_refuse_one_pixel_more_than_the_maximum() {
        ImageDecodeException error = refusal(71, 71);

        assertEquals(Reason.TOO_MANY_PIXELS, error.reason());
        assertEquals("the PNG image declares 71x71 = 5041 pixels; the limit is 5000 (virtus.decode.max-pixels)", error.getMessage());
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"41, 10", "10, 41", "5, 1", "1, 5"})
    void should_refuse_an_aspect_ratio_past_the_maximum_either_way(long width, long height) {
        ImageDecodeException error = refusal(width, height);

        assertEquals(Reason.TOO_MANY_PIXELS, error.reason());
        assertEquals("the PNG image declares " + width + "x" + height
                + "; the longer side may be at most 4.0 times the shorter (virtus.decode.max-aspect-ratio)", error.getMessage());
    }

    @Test
    void should_name_the_format_and_the_part_declaring_the_size() {
        ImageDecodeException error = assertThrows(ImageDecodeException.class,
                () -> LIMITS.requireWithin(ImageFormat.WEBP, "canvas", 0, 1));

        assertEquals("the WEBP canvas declares 0x1, an invalid size", error.getMessage());
    }

    @ParameterizedTest(name = "{0} bytes, {1} pixels, {2} per side, aspect {3}, {4} scans, {5}")
    @CsvSource({
        "0, 1, 1, 1, 1, PT1S", "1, 0, 1, 1, 1, PT1S", "1, 1, 0, 1, 1, PT1S", "1, 1, 1, 0.99, 1, PT1S",
        "1, 1, 1, 1, 0, PT1S", "1, 1, 1, 1, 1, PT0S", "1, 1, 1, 1, 1, PT-1S",
    })
    void should_refuse_limits_that_are_not_positive(long bytes, long pixels, int side, double aspect, int scans, Duration timeout) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new DecodeLimits(bytes, pixels, side, aspect, scans, timeout));

        assertEquals("decode limits must be positive (aspect ratio at least 1): " + bytes + " bytes, " + pixels + " pixels, "
                + side + " per side, aspect " + aspect + ", " + scans + " JPEG scans, " + timeout, error.getMessage());
    }

    @Test
    void should_accept_the_smallest_limits() {
        DecodeLimits smallest = new DecodeLimits(1, 1, 1, 1, 1, Duration.ofNanos(1));

        assertEquals(1, smallest.maxJpegScans());
    }

    @Test
    void should_take_the_configured_defaults_for_what_the_short_constructor_leaves_out() {
        assertEquals(new DecodeLimits(1000, 5000, 16384, 100, 100, Duration.ofSeconds(10)), new DecodeLimits(1000, 5000));
    }

    @Test
    void should_read_every_limit_from_the_settings() {
        var decode = VirtusConfigs.of("virtus.decode.max-bytes", "11", "virtus.decode.max-pixels", "12",
                "virtus.decode.max-dimension", "13", "virtus.decode.max-aspect-ratio", "1.5",
                "virtus.decode.max-jpeg-scans", "14", "virtus.decode.timeout", "15s").decode();

        assertEquals(new DecodeLimits(11, 12, 13, 1.5, 14, Duration.ofSeconds(15)), DecodeLimits.of(decode));
    }

    @Test
    void should_read_the_animation_limits_from_the_settings() {
        var decode = VirtusConfigs.of("virtus.decode.max-frames", "7", "virtus.decode.max-total-pixels", "8").decode();

        DecodeLimits limits = DecodeLimits.of(decode);

        assertEquals(7, limits.maxFrames());
        assertEquals(8, limits.maxTotalPixels());
    }

    @Test
    void should_refuse_animation_limits_that_are_not_positive() {
        assertThrows(IllegalArgumentException.class, () -> new DecodeLimits(1, 1, 1, 1, 1, Duration.ofSeconds(1), 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new DecodeLimits(1, 1, 1, 1, 1, Duration.ofSeconds(1), 1, 0));
    }

    @Test
    void should_match_the_documented_defaults_of_the_settings() {
        assertEquals(new DecodeLimits(20971520, 40000000), DecodeLimits.of(VirtusConfigs.of().decode()));
    }
}
