package dev.virtus.scan.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.virtus.scan.FrameGoldens;
import dev.virtus.scan.decode.ImageDecodeException.Reason;

/**
 * An animation beyond {@code virtus.decode.max-frames} or {@code max-total-pixels} is refused from its headers, before
 * any frame is decoded: never judged on a subset of its frames.
 */
class AnimationLimitsTest {

    private static final int SIDE = 96 * 72;

    private static DecodeLimits limits(int maxFrames, long maxTotalPixels) {
        return new DecodeLimits(20_000_000, 40_000_000, 16384, 100, 100, Duration.ofSeconds(10), maxFrames, maxTotalPixels);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gif-real-then-fake.gif", "apng-real-then-fake.png", "webp-lossless-real-then-fake.webp"})
    void should_refuse_an_animation_over_max_frames_before_decoding_a_frame(String file) {
        List<RgbImage> decoded = new ArrayList<>();
        ImageDecoder decoder = new ImageDecoder(limits(2, Long.MAX_VALUE));

        ImageDecodeException error = assertThrows(ImageDecodeException.class,
                () -> decoder.decodeFrames(FrameGoldens.find(file).bytes(), decoded::add));

        assertEquals(Reason.OVER_LIMIT, error.reason(), error.getMessage());
        assertTrue(error.getMessage().contains("virtus.decode.max-frames"), error.getMessage());
        assertEquals(List.of(), decoded);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gif-real-then-fake.gif", "apng-real-then-fake.png", "webp-lossless-real-then-fake.webp"})
    void should_refuse_an_animation_over_the_pixel_budget_before_decoding_a_frame(String file) {
        List<RgbImage> decoded = new ArrayList<>();
        ImageDecoder decoder = new ImageDecoder(limits(100, 3L * SIDE - 1));

        ImageDecodeException error = assertThrows(ImageDecodeException.class,
                () -> decoder.decodeFrames(FrameGoldens.find(file).bytes(), decoded::add));

        assertEquals(Reason.TOO_MANY_PIXELS, error.reason(), error.getMessage());
        assertTrue(error.getMessage().contains("virtus.decode.max-total-pixels"), error.getMessage());
        assertEquals(List.of(), decoded);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gif-real-then-fake.gif", "apng-real-then-fake.png", "webp-lossless-real-then-fake.webp"})
    void should_decode_every_frame_when_exactly_at_both_limits(String file) {
        ImageDecoder decoder = new ImageDecoder(limits(3, 3L * SIDE));

        assertEquals(3, decoder.decodeFrames(FrameGoldens.find(file).bytes(), frame -> { }));
    }
}
