package dev.virtus.scan.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class PillowResizeTest {

    private static final String GOLDENS = "/fixtures/resize/";

    /** Port of Pillow's Tests/test_image_resample.py {@code TestImagingCoreResampleAccuracy}. */
    @Nested
    class PillowAccuracyCases {

        static Stream<Arguments> accuracyCases() {
            return Stream.of(
                    Arguments.of("reduce", ResampleFilter.BOX, 8, 4, "e1 e1 e1 e1"),
                    Arguments.of("reduce", ResampleFilter.BILINEAR, 8, 4, "e1 c9 c9 b7"),
                    Arguments.of("reduce", ResampleFilter.HAMMING, 8, 4, "e1 da da d3"),
                    Arguments.of("reduce", ResampleFilter.BICUBIC, 12, 6,
                            "e1 e3 d4 e3 e5 d6 d4 d6 c9"),
                    Arguments.of("reduce", ResampleFilter.LANCZOS, 16, 8,
                            "e1 e0 e4 d7 e0 df e3 d6 e4 e3 e7 da d7 d6 d9 ce"),
                    Arguments.of("enlarge", ResampleFilter.BOX, 2, 4, "e1 e1 e1 e1"),
                    Arguments.of("enlarge", ResampleFilter.BILINEAR, 2, 4, "e1 b0 b0 98"),
                    Arguments.of("enlarge", ResampleFilter.HAMMING, 2, 4, "e1 d2 d2 c5"),
                    Arguments.of("enlarge", ResampleFilter.BICUBIC, 4, 8,
                            "e1 e5 ee b9 e5 e9 f3 bc ee f3 fd c1 b9 bc c1 a2"),
                    Arguments.of("enlarge", ResampleFilter.LANCZOS, 6, 12,
                            "e1 e0 db ed f5 b8 e0 df da ec f3 b7 db db d6 e7 ee b5"
                                    + " ed ec e6 fb ff bf f5 f4 ee ff ff c4 b8 b7 b4 bf c4 a0"));
        }

        @ParameterizedTest(name = "{0} {1} {2}x{2} -> {3}x{3}")
        @MethodSource("accuracyCases")
        void should_match_pillow_accuracy_sample(String kind, ResampleFilter filter, int size, int newSize,
                String topLeftQuarter) {
            byte[] quadrants = makeCase(size, 0xE1);

            byte[] resized = PillowResize.resize(quadrants, size, size, newSize, newSize, filter);

            int[] expected = makeSample(topLeftQuarter, newSize);
            for (int channel = 0; channel < 3; channel++) {
                int[] actual = channel(resized, channel);
                assertArrayEquals(expected, actual, () -> "expected\n" + hexGrid(expected, newSize)
                        + "\nactual\n" + hexGrid(actual, newSize));
            }
        }

        @Test
        void should_keep_flat_colour_when_enlarging_with_box() {
            byte[] flat = filled(8, 8, 0x16, 0x88, 0xFF);

            byte[] resized = PillowResize.resize(flat, 8, 8, 100, 100, ResampleFilter.BOX);

            assertArrayEquals(filled(100, 100, 0x16, 0x88, 0xFF), resized);
        }

        @Test
        void should_keep_flat_colour_through_lanczos_transpose_of_aspect() {
            // TestCoreResampleConsistency.test_8u
            byte[] flat = filled(512, 9, 0, 64, 255);

            byte[] resized = PillowResize.resize(flat, 512, 9, 9, 512, ResampleFilter.LANCZOS);

            assertArrayEquals(filled(9, 512, 0, 64, 255), resized);
        }

        @Test
        void should_keep_flat_colour_when_reducing_with_bicubic() {
            // TestCoreResampleCoefficients.test_non_zero_coefficients (Pillow issue 2161)
            byte[] flat = filled(1280, 1280, 0x20, 0x40, 0x60);

            byte[] resized = PillowResize.resize(flat, 1280, 1280, 256, 256, ResampleFilter.BICUBIC);

            assertArrayEquals(filled(256, 256, 0x20, 0x40, 0x60), resized);
        }

        @Test
        void should_average_half_lit_row_exactly_for_huge_reductions() {
            // TestCoreResampleCoefficients.test_reduce
            int testColour = 254;
            for (int width = 400_000; width < 400_010; width += 2) {
                byte[] row = new byte[width * 3];
                Arrays.fill(row, 0, (width / 2) * 3, (byte) testColour);

                byte[] resized = PillowResize.resize(row, width, 1, 5, 1, ResampleFilter.BICUBIC);

                assertEquals(testColour / 2, resized[2 * 3] & 0xFF, "width " + width);
            }
        }

        /** {@code make_case}: bright top-left and bottom-right quadrants on a dark ground. */
        private static byte[] makeCase(int size, int colour) {
            int[] grey = new int[size * size];
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    boolean topLeft = x < size / 2 && y < size / 2;
                    boolean bottomRight = x >= size / 2 && y >= size / 2;
                    grey[y * size + x] = topLeft || bottomRight ? colour : 255 - colour;
                }
            }
            return greyToRgb(grey);
        }

        /** {@code make_sample}: the full image from its top-left quarter, mirrored with inverted values. */
        private static int[] makeSample(String hexQuarter, int size) {
            String[] values = hexQuarter.trim().split("\\s+");
            int half = size / 2;
            int[] sample = new int[size * size];
            for (int y = 0; y < half; y++) {
                for (int x = 0; x < half; x++) {
                    int value = Integer.parseInt(values[y * half + x], 16);
                    sample[y * size + x] = value;
                    sample[(size - y - 1) * size + (size - x - 1)] = value;
                    sample[(size - y - 1) * size + x] = 255 - value;
                    sample[y * size + (size - x - 1)] = 255 - value;
                }
            }
            return sample;
        }

        private static String hexGrid(int[] values, int size) {
            StringBuilder grid = new StringBuilder();
            for (int i = 0; i < values.length; i++) {
                grid.append(String.format("%02x", values[i])).append(i % size == size - 1 ? "\n" : " ");
            }
            return grid.toString();
        }
    }

    /** Pillow skips a pass whose axis keeps its size (TestCoreResamplePasses). */
    @Nested
    class PassSkipping {

        @ParameterizedTest
        @EnumSource(ResampleFilter.class)
        void should_resize_each_row_independently_when_height_is_unchanged(ResampleFilter filter) {
            int width = 37;
            int height = 11;
            byte[] image = noise(width, height, 1);

            byte[] resized = PillowResize.resize(image, width, height, 15, height, filter);

            int rowLength = width * 3;
            for (int y = 0; y < height; y++) {
                byte[] row = Arrays.copyOfRange(image, y * rowLength, (y + 1) * rowLength);
                byte[] expectedRow = PillowResize.resize(row, width, 1, 15, 1, filter);
                assertArrayEquals(expectedRow, Arrays.copyOfRange(resized, y * 15 * 3, (y + 1) * 15 * 3),
                        "row " + y);
            }
        }

        @ParameterizedTest
        @EnumSource(ResampleFilter.class)
        void should_resize_each_column_independently_when_width_is_unchanged(ResampleFilter filter) {
            int width = 9;
            int height = 41;
            byte[] image = noise(width, height, 2);

            byte[] resized = PillowResize.resize(image, width, height, width, 17, filter);

            for (int x = 0; x < width; x++) {
                byte[] expectedColumn = PillowResize.resize(column(image, width, height, x), 1, height, 1, 17, filter);
                assertArrayEquals(expectedColumn, column(resized, width, 17, x), "column " + x);
            }
        }

        /** Pixel (x, y) channel c of a 2x250 image: (97x + 13y^2 + 61c) mod 256, rough enough for rounding to show. */
        private static byte[] tall() {
            byte[] image = new byte[2 * 250 * 3];
            int o = 0;
            for (int y = 0; y < 250; y++) {
                for (int x = 0; x < 2; x++) {
                    for (int c = 0; c < 3; c++) {
                        image[o++] = (byte) ((x * 97 + y * y * 13 + c * 61) % 256);
                    }
                }
            }
            return image;
        }

        @Test
        void should_resample_an_image_over_a_hundred_times_taller_than_wide_height_first_in_two_steps() {
            // Pillow 12.3.0: Image.frombytes("RGB", (2, 250), tall).resize((1, 60), Image.BICUBIC).tobytes().
            // One core resize (horizontal pass first, as for any other image) differs in 48 of these 180 bytes.
            byte[] expected = HexFormat.of().parseHex("61789289718564958f8d777f7d8d8796836f688f7f637b7876897a88a678968376746d906d"
                    + "8c9189827a89537d83836789517e8885796d8a93756d8f97867588a47974887a637a7869907f97836f7c8c888e797e6495918b"
                    + "7084597b967174897e7a8f7195828373888b907f898a7165837e62847881897d8ca9728e767c7270986e96858f6b7e866275857c"
                    + "6a8c51817c957a707c9b7c6f8796987087977f698a7864787973937b9a867477808c8a857866909a");

            assertArrayEquals(expected, PillowResize.resize(tall(), 2, 250, 1, 60, ResampleFilter.BICUBIC));
        }

        @Test
        void should_resample_an_image_exactly_a_hundred_times_taller_than_wide_in_one_step() {
            // Pillow 12.3.0, the first 200 rows: Image.frombytes("RGB", (2, 200), tall[:1200]).resize((1, 60), Image.BICUBIC).
            // Pillow's condition is height > width * 100; height first in two steps would differ in 46 bytes.
            byte[] expected = HexFormat.of().parseHex("567d988b6c7d74849b6d997c916e877690889e80747b9875667f7f627b7b718e7388968492a56b8f73806f6e917088987d97"
                    + "768e558388667683856486507e946f7f6d9b7a7778a17170889a7b7987b26e8b8484649277667574658d858b886c97917c6e"
                    + "7d8d9d7c7859989185798e836f804381a27e72838975895796979c82736e778f94957e91816b669385677573629179898182"
                    + "85b3719c80767471877874a16a9b7d94787d864b80848366886e738b4587");

            assertArrayEquals(expected, PillowResize.resize(Arrays.copyOf(tall(), 2 * 200 * 3), 2, 200, 1, 60, ResampleFilter.BICUBIC));
        }

        @Test
        void should_round_to_eight_bits_between_horizontal_and_vertical_pass() {
            // BOX 2x2 -> 1x1 on channel values 10 20 / 30 41: rows average to 15 and 35.5 -> 36,
            // then (15 + 36) / 2 = 25.5 -> 26. One unrounded pass would give 25.25 -> 25.
            byte[] image = greyToRgb(new int[] {10, 20, 30, 41});

            byte[] resized = PillowResize.resize(image, 2, 2, 1, 1, ResampleFilter.BOX);

            assertArrayEquals(new byte[] {26, 26, 26}, resized);
        }

        private static byte[] column(byte[] rgb, int width, int height, int x) {
            byte[] column = new byte[height * 3];
            for (int y = 0; y < height; y++) {
                System.arraycopy(rgb, (y * width + x) * 3, column, y * 3, 3);
            }
            return column;
        }
    }

    @Nested
    class EdgeCases {

        @ParameterizedTest
        @EnumSource(ResampleFilter.class)
        void should_return_a_copy_when_size_is_unchanged(ResampleFilter filter) {
            byte[] image = noise(7, 5, 3);

            byte[] resized = PillowResize.resize(image, 7, 5, 7, 5, filter);

            assertArrayEquals(image, resized);
            assertNotSame(image, resized);
        }

        @ParameterizedTest
        @EnumSource(ResampleFilter.class)
        void should_spread_a_single_pixel_over_an_enlarged_image(ResampleFilter filter) {
            byte[] pixel = {(byte) 200, 7, (byte) 255};

            byte[] resized = PillowResize.resize(pixel, 1, 1, 5, 3, filter);

            assertArrayEquals(filled(5, 3, 200, 7, 255), resized);
        }

        @ParameterizedTest
        @EnumSource(value = ResampleFilter.class, names = "NEAREST", mode = EnumSource.Mode.EXCLUDE)
        void should_reduce_flat_image_to_its_colour_in_one_pixel(ResampleFilter filter) {
            byte[] flat = filled(13, 6, 1, 128, 254);

            byte[] resized = PillowResize.resize(flat, 13, 6, 1, 1, filter);

            assertArrayEquals(new byte[] {1, (byte) 128, (byte) 254}, resized);
        }

        @Test
        void should_pick_pixel_centres_for_nearest() {
            // ImagingScaleAffine samples at (x + 0.5) * 4/3 = 0.67, 2.0, 3.33 -> columns 0, 2, 3.
            byte[] row = greyToRgb(new int[] {10, 20, 30, 40});

            byte[] resized = PillowResize.resize(row, 4, 1, 3, 1, ResampleFilter.NEAREST);

            assertArrayEquals(greyToRgb(new int[] {10, 30, 40}), resized);
        }

        @Test
        void should_leave_the_input_untouched() {
            byte[] image = noise(17, 31, 4);
            byte[] before = image.clone();

            PillowResize.resize(image, 17, 31, 5, 9, ResampleFilter.LANCZOS);

            assertArrayEquals(before, image);
        }
    }

    @Nested
    class Validation {

        @Test
        void should_reject_non_positive_sizes() {
            byte[] image = new byte[4 * 4 * 3];
            assertRejected("width must be positive", () -> PillowResize.resize(image, 0, 4, 2, 2, ResampleFilter.BOX));
            assertRejected("height must be positive", () -> PillowResize.resize(image, 4, -4, 2, 2, ResampleFilter.BOX));
            assertRejected("newWidth must be positive", () -> PillowResize.resize(image, 4, 4, 0, 2, ResampleFilter.BOX));
            assertRejected("newHeight must be positive",
                    () -> PillowResize.resize(image, 4, 4, 2, -1, ResampleFilter.BOX));
        }

        @Test
        void should_reject_array_that_does_not_match_the_size() {
            assertRejected("needs 48", () -> PillowResize.resize(new byte[47], 4, 4, 2, 2, ResampleFilter.BILINEAR));
        }

        @Test
        void should_map_pillow_filter_codes() {
            assertEquals(ResampleFilter.NEAREST, ResampleFilter.fromPilCode(0));
            assertEquals(ResampleFilter.LANCZOS, ResampleFilter.fromPilCode(1));
            assertEquals(ResampleFilter.BILINEAR, ResampleFilter.fromPilCode(2));
            assertEquals(ResampleFilter.BICUBIC, ResampleFilter.fromPilCode(3));
            assertEquals(ResampleFilter.BOX, ResampleFilter.fromPilCode(4));
            assertEquals(ResampleFilter.HAMMING, ResampleFilter.fromPilCode(5));
            for (ResampleFilter filter : ResampleFilter.values()) {
                assertEquals(filter, ResampleFilter.fromPilCode(filter.pilCode()));
            }
        }

        @Test
        void should_reject_unknown_pillow_filter_code() {
            assertRejected("code 6", () -> ResampleFilter.fromPilCode(6));
            assertRejected("code -1", () -> ResampleFilter.fromPilCode(-1));
        }

        private static void assertRejected(String messagePart, Runnable call) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, call::run);
            assertTrue(error.getMessage().contains(messagePart), error.getMessage());
        }
    }

    /** Goldens from model/make_resize_goldens.py; index.json records the Pillow version behind them. */
    @Nested
    class Goldens {

        static List<GoldenCase> goldenCases() {
            GoldenIndex index = readIndex();
            assertTrue(index.cases().size() > 100, "golden index looks truncated");
            return index.cases();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("goldenCases")
        void should_match_pillow_byte_for_byte(GoldenCase golden) {
            Png input = readPng(golden.input());
            Png expected = readPng(golden.expected());
            assertEquals(golden.width(), input.width(), "input width");
            assertEquals(golden.height(), input.height(), "input height");
            assertEquals(golden.targetWidth(), expected.width(), "expected width");
            assertEquals(golden.targetHeight(), expected.height(), "expected height");

            byte[] actual = PillowResize.resize(input.rgb(), input.width(), input.height(),
                    golden.targetWidth(), golden.targetHeight(), ResampleFilter.valueOf(golden.filter()));

            assertArrayEquals(expected.rgb(), actual, () -> firstDifference(expected, actual));
        }

        private static String firstDifference(Png expected, byte[] actual) {
            if (expected.rgb().length != actual.length) {
                return "length " + actual.length + " instead of " + expected.rgb().length;
            }
            int i = Arrays.mismatch(expected.rgb(), actual);
            int pixel = i / 3;
            return String.format("first difference at pixel (x=%d, y=%d): expected RGB %s, got %s",
                    pixel % expected.width(), pixel / expected.width(),
                    rgbAt(expected.rgb(), pixel), rgbAt(actual, pixel));
        }

        private static String rgbAt(byte[] rgb, int pixel) {
            return "(" + (rgb[pixel * 3] & 0xFF) + ", " + (rgb[pixel * 3 + 1] & 0xFF) + ", "
                    + (rgb[pixel * 3 + 2] & 0xFF) + ")";
        }

        private static GoldenIndex readIndex() {
            try (InputStream in = resource("index.json")) {
                return new ObjectMapper()
                        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                        .readValue(in, GoldenIndex.class);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + GOLDENS + "index.json", e);
            }
        }

        /** Decodes an 8-bit RGB PNG from its raster bands (no colour conversion through getRGB). */
        private static Png readPng(String name) {
            try (InputStream in = resource(name)) {
                BufferedImage image = ImageIO.read(in);
                Raster raster = image.getRaster();
                assertEquals(3, raster.getNumBands(), name + " must be RGB");
                int width = raster.getWidth();
                int height = raster.getHeight();
                int[] samples = raster.getPixels(0, 0, width, height, (int[]) null);
                byte[] rgb = new byte[samples.length];
                for (int i = 0; i < samples.length; i++) {
                    rgb[i] = (byte) samples[i];
                }
                return new Png(width, height, rgb);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot decode " + GOLDENS + name, e);
            }
        }

        private static InputStream resource(String name) {
            InputStream in = PillowResizeTest.class.getResourceAsStream(GOLDENS + name);
            if (in == null) {
                throw new IllegalStateException("Missing test resource " + GOLDENS + name
                        + "; run model/make_resize_goldens.py");
            }
            return in;
        }
    }

    record GoldenIndex(String pillowVersion, List<GoldenCase> cases) {
    }

    record GoldenCase(String input, int width, int height, int targetWidth, int targetHeight, String filter,
            String expected) {
        @Override
        public String toString() {
            return input + " " + width + "x" + height + " -> " + targetWidth + "x" + targetHeight + " " + filter;
        }
    }

    record Png(int width, int height, byte[] rgb) {
    }

    private static byte[] noise(int width, int height, long seed) {
        byte[] rgb = new byte[width * height * 3];
        new Random(seed).nextBytes(rgb);
        return rgb;
    }

    private static byte[] filled(int width, int height, int r, int g, int b) {
        byte[] rgb = new byte[width * height * 3];
        for (int i = 0; i < rgb.length; i += 3) {
            rgb[i] = (byte) r;
            rgb[i + 1] = (byte) g;
            rgb[i + 2] = (byte) b;
        }
        return rgb;
    }

    private static byte[] greyToRgb(int[] grey) {
        byte[] rgb = new byte[grey.length * 3];
        for (int i = 0; i < grey.length; i++) {
            Arrays.fill(rgb, i * 3, i * 3 + 3, (byte) grey[i]);
        }
        return rgb;
    }

    private static int[] channel(byte[] rgb, int channel) {
        int[] values = new int[rgb.length / 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = rgb[i * 3 + channel] & 0xFF;
        }
        return values;
    }
}
