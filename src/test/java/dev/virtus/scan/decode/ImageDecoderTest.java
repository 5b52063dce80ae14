package dev.virtus.scan.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.decode.ImageDecodeException.Reason;

class ImageDecoderTest {

    /**
     * Lossy WebP: TwelveMonkeys' VP8 decoder upsamples chroma differently from libwebp's "fancy"
     * upsampling, which PIL uses. Measured on the fixture: 67% of samples differ, by at most 16. The
     * labels still agree (asserted in the classifier golden test).
     */
    private static final int LOSSY_WEBP_MAX_SAMPLE_DIFFERENCE = 16;
    private static final Set<String> LOSSY_WEBP = Set.of("webp-lossy.webp");

    private final ImageDecoder decoder = new ImageDecoder(new DecodeLimits(20 * 1024 * 1024, 40_000_000));

    static java.util.stream.Stream<String> imageNames() {
        return Fixtures.imageNames();
    }

    @ParameterizedTest
    @MethodSource("imageNames")
    void should_decode_like_pil_open_exif_transpose_convert_rgb(String name) {
        RgbImage expected = Fixtures.readRgbPng(Fixtures.GOLDENS.resolve("decoded").resolve(name + ".png"));

        RgbImage actual = decoder.decode(Fixtures.bytes(Fixtures.IMAGES.resolve(name)));

        assertEquals(expected.width(), actual.width(), "width");
        assertEquals(expected.height(), actual.height(), "height");
        if (LOSSY_WEBP.contains(name)) {
            assertTrue(Fixtures.maxAbsDifference(expected, actual) <= LOSSY_WEBP_MAX_SAMPLE_DIFFERENCE,
                    Fixtures.firstDifference(expected, actual));
        } else {
            assertArrayEquals(expected.pixels(), actual.pixels(), () -> Fixtures.firstDifference(expected, actual));
        }
    }

    @ParameterizedTest
    @CsvSource({
        "zero-bytes.jpg, EMPTY",
        "text.jpg, UNSUPPORTED_FORMAT",
        "truncated.jpg, CORRUPT",
        "truncated.png, CORRUPT",
        "png-100000x100000.png, TOO_MANY_PIXELS",
        "gif-bomb.gif, TOO_MANY_PIXELS",
        "image.svg, UNSUPPORTED_FORMAT",
        "heic.heic, UNSUPPORTED_FORMAT",
        "avif.avif, UNSUPPORTED_FORMAT",
    })
    void should_refuse_bad_input_with_a_typed_error(String name, Reason reason) {
        byte[] bytes = Fixtures.bytes(Fixtures.BAD.resolve(name));

        ImageDecodeException error = assertThrows(ImageDecodeException.class, () -> decoder.decode(bytes));

        assertEquals(reason, error.reason(), error.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "heic.heic, HEIC",
        "avif.avif, AVIF",
        "image.svg, SVG",
        "text.jpg, not a recognised image",
    })
    void should_say_which_format_is_unsupported(String name, String expectedInMessage) {
        byte[] bytes = Fixtures.bytes(Fixtures.BAD.resolve(name));

        ImageDecodeException error = assertThrows(ImageDecodeException.class, () -> decoder.decode(bytes));

        assertTrue(error.getMessage().contains(expectedInMessage), error.getMessage());
    }

    /**
     * Each format's header check is wired into the decoder: the hostile files it exists for, refused from their headers
     * (HostileInputTest runs the whole corpus, with timings, in a small heap).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bmp-data-offset-2gb.bmp | CORRUPT | the BMP image's pixel data offset 2147483632 lies beyond its 122 bytes",
        "bmp-embedded-jpeg.bmp | UNSUPPORTED_FORMAT | BMP compression 4 (an embedded JPEG) is not supported; Pillow reads compressions 0 to 3 only",
        "png-chunk-length-2gb.png | CORRUPT | the PNG image's tEXt chunk declares 2147483632 bytes; the file holds 47 after it",
        "webp-frame-beyond-canvas.webp | CORRUPT | the WEBP image's 6000x6000 frame at 0,0 lies beyond its 4x4 canvas",
        "png-40000000x1.png | TOO_MANY_PIXELS | the PNG image declares 40000000x1; the limit is 16384 pixels per side (virtus.decode.max-dimension)",
        "jpeg-progressive-3000-scans.jpg | OVER_LIMIT | the JPEG image has more than 100 scans; the limit is 100 (virtus.decode.max-jpeg-scans)",
    })
    void should_refuse_a_hostile_header_before_decoding(String name, Reason reason, String message) {
        byte[] bytes = Fixtures.bytes(Fixtures.HOSTILE.resolve(name));

        ImageDecodeException error = assertThrows(ImageDecodeException.class, () -> decoder.decode(bytes));

        assertEquals(reason, error.reason());
        assertEquals(message, error.getMessage());
    }

    @Test
    void should_stop_a_png_decode_at_the_timeout() {
        // 2000x2000 pixels of one colour: decodes in a fraction of a second, not in 1 ms
        ImageDecoder impatient = new ImageDecoder(new DecodeLimits(20 * 1024 * 1024, 40_000_000, 16384, 100, 100, Duration.ofMillis(1)));
        byte[] bytes = Fixtures.bytes(Fixtures.HOSTILE.resolve("png-idat-bomb-2000x2000.png"));

        ImageDecodeException error = assertThrows(ImageDecodeException.class, () -> impatient.decode(bytes));

        assertEquals(Reason.OVER_LIMIT, error.reason());
        assertEquals("decoding the PNG image took longer than 1 ms (virtus.decode.timeout)", error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"png-100000x100000.png", "gif-bomb.gif"})
    void should_refuse_decompression_bombs_without_allocating_their_pixels(String name) {
        byte[] bytes = Fixtures.bytes(Fixtures.BAD.resolve(name));
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        assertThrows(ImageDecodeException.class, () -> decoder.decode(bytes));

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 16 * 1024 * 1024, "allocated " + allocated + " bytes while refusing " + name);
    }

    @Test
    void should_refuse_more_bytes_than_the_limit_before_reading_the_image() {
        ImageDecoder small = new ImageDecoder(new DecodeLimits(1000, 40_000_000));
        byte[] bytes = Fixtures.bytes(Fixtures.IMAGES.resolve("png-rgb.png"));

        ImageDecodeException error = assertThrows(ImageDecodeException.class, () -> small.decode(bytes));

        assertEquals(Reason.TOO_MANY_BYTES, error.reason());
    }

    @Test
    void should_refuse_more_pixels_than_the_limit() {
        ImageDecoder small = new ImageDecoder(new DecodeLimits(20 * 1024 * 1024, 200 * 150 - 1));
        byte[] bytes = Fixtures.bytes(Fixtures.IMAGES.resolve("png-rgb.png"));

        ImageDecodeException error = assertThrows(ImageDecodeException.class, () -> small.decode(bytes));

        assertEquals(Reason.TOO_MANY_PIXELS, error.reason());
        assertTrue(error.getMessage().contains("200x150"), error.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"10, true", "9, false"})
    void should_count_the_ten_scans_of_a_progressive_jpeg_against_the_scan_limit(int maxScans, boolean accepted) {
        ImageDecoder limited = new ImageDecoder(new DecodeLimits(20 * 1024 * 1024, 40_000_000, 16384, 100, maxScans,
                java.time.Duration.ofSeconds(10)));
        byte[] bytes = Fixtures.bytes(Fixtures.IMAGES.resolve("jpeg-progressive.jpg"));

        if (accepted) {
            assertEquals(300, limited.decode(bytes).width());
        } else {
            ImageDecodeException error = assertThrows(ImageDecodeException.class, () -> limited.decode(bytes));
            assertEquals(Reason.OVER_LIMIT, error.reason());
            assertTrue(error.getMessage().contains("more than 9 scans"), error.getMessage());
        }
    }

    @ParameterizedTest
    @CsvSource({"wide-1000x40, 25, true", "wide-1000x40, 24.9, false"})
    void should_refuse_an_aspect_ratio_beyond_the_limit(String size, double maxAspectRatio, boolean accepted) {
        ImageDecoder limited = new ImageDecoder(new DecodeLimits(20 * 1024 * 1024, 40_000_000, 16384, maxAspectRatio, 100,
                java.time.Duration.ofSeconds(10)));
        byte[] bytes = Fixtures.bytes(Fixtures.IMAGES.resolve("png-" + size + ".png"));

        if (accepted) {
            assertEquals(1000, limited.decode(bytes).width());
        } else {
            ImageDecodeException error = assertThrows(ImageDecodeException.class, () -> limited.decode(bytes));
            assertEquals(Reason.TOO_MANY_PIXELS, error.reason());
            assertTrue(error.getMessage().contains("virtus.decode.max-aspect-ratio"), error.getMessage());
        }
    }

    @Test
    void should_swap_width_and_height_for_exif_orientation_6() {
        // stored 160x240, displayed after a quarter turn
        RgbImage upright = decoder.decode(Fixtures.bytes(Fixtures.IMAGES.resolve("jpeg-exif-orientation-6.jpg")));

        assertEquals(240, upright.width());
        assertEquals(160, upright.height());
    }
}
