package dev.virtus.scan.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.FloatBuffer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.virtus.scan.decode.RgbImage;

/** Hand-checkable cases; the goldens cover the same code against transformers. */
class ImagePreprocessorTest {

    private static ImageProcessorConfig normalizeOnly(float mean, float std) {
        return new ImageProcessorConfig(false, null, ResampleFilter.BILINEAR, false, 0, 0, true, 1 / 255.0, true,
                new float[] {mean, mean, mean}, new float[] {std, std, std});
    }

    @Test
    void should_rescale_then_normalize_channel_by_channel_in_planes() {
        // 255 -> 1.0 -> (1.0 - 0.3) / 0.8 = 0.875; 0 -> -0.375
        RgbImage image = new RgbImage(2, 1, new byte[] {(byte) 255, 0, (byte) 255, 0, (byte) 255, 0});
        FloatBuffer out = FloatBuffer.allocate(6);

        new ImagePreprocessor(normalizeOnly(0.3f, 0.8f)).writePixelValues(image, out);

        // pixels (255, 0, 255) and (0, 255, 0): planes R = [255, 0], G = [0, 255], B = [255, 0]
        assertArrayEquals(new float[] {0.875f, -0.375f, -0.375f, 0.875f, 0.875f, -0.375f}, out.array(), 1e-7f);
    }

    @Test
    void should_write_three_planes_of_width_times_height_from_the_buffers_position_with_each_channels_statistics() {
        // 3x2 pixels, red 255 in the first row only, green 255 in the first column only, blue 0 everywhere
        byte[] pixels = new byte[3 * 2 * 3];
        for (int i = 0; i < 6; i++) {
            pixels[3 * i] = (byte) (i < 3 ? 255 : 0);
            pixels[3 * i + 1] = (byte) (i % 3 == 0 ? 255 : 0);
        }
        var config = new ImageProcessorConfig(false, null, ResampleFilter.BILINEAR, false, 0, 0, true, 1 / 255.0, true,
                new float[] {0.5f, 0.4f, 0.3f}, new float[] {0.5f, 0.25f, 0.125f});
        FloatBuffer out = FloatBuffer.allocate(20);
        out.position(1);

        new ImagePreprocessor(config).writePixelValues(new RgbImage(3, 2, pixels), out);

        // red: 1 -> (1 - 0.5) / 0.5 = 1, 0 -> -1; green: 2.4 and -1.6; blue: 0 -> -0.3 / 0.125 = -2.4
        assertArrayEquals(new float[] {0,
            1, 1, 1, -1, -1, -1,
            2.4f, -1.6f, -1.6f, 2.4f, -1.6f, -1.6f,
            -2.4f, -2.4f, -2.4f, -2.4f, -2.4f, -2.4f,
            0}, out.array(), 1e-6f);
        assertEquals(19, out.position());
    }

    @Test
    void should_take_the_shorter_side_to_the_shortest_edge_and_truncate_the_other() {
        assertArrayEquals(new int[] {256, 341}, new ResizeTarget.ShortestEdge(256).outputSize(300, 400));
        assertArrayEquals(new int[] {341, 256}, new ResizeTarget.ShortestEdge(256).outputSize(400, 300));
        assertArrayEquals(new int[] {224, 224}, new ResizeTarget.ShortestEdge(224).outputSize(50, 50));
    }

    @Test
    void should_cap_the_longest_edge() {
        // 100x1000 with shortest 224, longest 500: raw 500*100/1000 = 50 -> (500, 50)
        assertArrayEquals(new int[] {500, 50}, new ResizeTarget.ShortestEdgeWithLimit(224, 500).outputSize(1000, 100));
    }

    @Test
    void should_center_crop_with_floor_offsets() {
        RgbImage image = gradient(5, 4);

        RgbImage crop = ImagePreprocessor.centerCrop(image, 2, 2);

        // top = (4-2)/2 = 1, left = (5-2)/2 = 1
        assertEquals(pixel(image, 1, 1), pixel(crop, 0, 0));
        assertEquals(pixel(image, 2, 2), pixel(crop, 1, 1));
    }

    @Test
    void should_pad_with_zeros_when_the_image_is_smaller_than_the_crop() {
        RgbImage image = gradient(1, 1);

        RgbImage crop = ImagePreprocessor.centerCrop(image, 3, 2);

        // canvas 3x2, image placed at top ceil((3-1)/2) = 1, left ceil((2-1)/2) = 1
        assertEquals(pixel(image, 0, 0), pixel(crop, 1, 1));
        assertEquals(0, pixel(crop, 0, 0));
        assertEquals(0, pixel(crop, 0, 2));
    }

    /**
     * Whole crops against transformers 5.17.0's {@code image_transforms.center_crop} (channels last) on a
     * {@code width x height} image whose pixel i (row by row) is (3i + 1, 3i + 2, 3i + 3): each output pixel
     * is written as i + 1, and 0 where the crop pads.
     */
    @ParameterizedTest(name = "{0}x{1} -> {3}x{2}")
    @CsvSource({
        "5, 4, 2, 2, 7 8 / 12 13",
        "6, 3, 3, 4, 2 3 4 5 / 8 9 10 11 / 14 15 16 17",
        "2, 3, 5, 4, 0 0 0 0 / 0 1 2 0 / 0 3 4 0 / 0 5 6 0 / 0 0 0 0",
        "6, 2, 4, 3, 0 0 0 / 2 3 4 / 8 9 10 / 0 0 0",
        "3, 5, 3, 2, 4 5 / 7 8 / 10 11",
        "1, 6, 3, 3, 0 2 0 / 0 3 0 / 0 4 0",
        "3, 4, 2, 5, 0 4 5 6 0 / 0 7 8 9 0",
        "1, 1, 4, 4, 0 0 0 0 / 0 0 0 0 / 0 0 1 0 / 0 0 0 0",
        "7, 1, 1, 3, 3 4 5",
        "4, 4, 4, 4, 1 2 3 4 / 5 6 7 8 / 9 10 11 12 / 13 14 15 16",
    })
    void should_center_crop_and_pad_like_transformers(int width, int height, int cropHeight, int cropWidth, String expected) {
        byte[] pixels = new byte[width * height * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i + 1);
        }

        RgbImage crop = ImagePreprocessor.centerCrop(new RgbImage(width, height, pixels), cropHeight, cropWidth);

        String[] rows = expected.split(" / ");
        byte[] want = new byte[cropWidth * cropHeight * 3];
        int o = 0;
        for (String row : rows) {
            for (String id : row.split(" ")) {
                int i = Integer.parseInt(id) - 1;
                for (int c = 0; c < 3; c++) {
                    want[o++] = (byte) (i < 0 ? 0 : 3 * i + 1 + c);
                }
            }
        }
        assertEquals(cropWidth, crop.width());
        assertEquals(cropHeight, crop.height());
        assertArrayEquals(want, crop.pixels());
    }

    private static RgbImage gradient(int width, int height) {
        byte[] pixels = new byte[width * height * 3];
        for (int i = 0; i < width * height; i++) {
            pixels[i * 3] = (byte) (i * 10 + 7);
            pixels[i * 3 + 1] = (byte) (i * 3 + 1);
            pixels[i * 3 + 2] = (byte) (i + 100);
        }
        return new RgbImage(width, height, pixels);
    }

    private static int pixel(RgbImage image, int x, int y) {
        int i = (y * image.width() + x) * 3;
        return ((image.pixels()[i] & 0xFF) << 16) | ((image.pixels()[i + 1] & 0xFF) << 8) | (image.pixels()[i + 2] & 0xFF);
    }
}
