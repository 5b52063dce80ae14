package dev.virtus.scan.faces;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.virtus.scan.decode.RgbImage;

class FaceCropperTest {

    private final FaceCropper cropper = new FaceCropper(0.3);

    @Test
    void should_cut_a_square_of_1_3_times_the_longer_side_centred_on_the_face() {
        // longer side 40 -> 52; centre (100, 80) -> left 74, top 54
        assertArrayEquals(new int[] {74, 54, 52}, cropper.square(300, 200, new FaceBox(80, 65, 120, 95, 0.9)));
    }

    @Test
    void should_shift_the_square_into_the_image_at_the_border_rather_than_pad() {
        assertArrayEquals(new int[] {0, 0, 52}, cropper.square(300, 200, new FaceBox(-5, -5, 35, 25, 0.9)));
        assertArrayEquals(new int[] {248, 148, 52}, cropper.square(300, 200, new FaceBox(270, 180, 310, 205, 0.9)));
    }

    @Test
    void should_shrink_the_square_to_the_shorter_side_of_the_image() {
        assertArrayEquals(new int[] {50, 0, 200}, cropper.square(300, 200, new FaceBox(0, 0, 300, 200, 0.9)));
    }

    @Test
    void should_copy_the_pixels_of_the_square() {
        byte[] pixels = new byte[4 * 3 * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) i;
        }
        RgbImage image = new RgbImage(4, 3, pixels);

        RgbImage crop = new FaceCropper(0).crop(image, new FaceBox(2, 1, 4, 3, 0.9));

        assertEquals(2, crop.width());
        assertArrayEquals(new byte[] {18, 19, 20, 21, 22, 23, 30, 31, 32, 33, 34, 35}, crop.pixels());
    }
}
