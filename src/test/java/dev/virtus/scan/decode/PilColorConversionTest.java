package dev.virtus.scan.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Point;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

import org.junit.jupiter.api.Test;

/**
 * PIL's {@code convert("RGB")} on hand-made rasters; expectations from the formulas in Pillow's
 * {@code Convert.c} ({@code cmyk2rgb}: {@code nk = 255 - k; out = CLIP8(nk - MULDIV255(c, nk))}, with
 * {@code MULDIV255(a, b) = ((a*b + 128) >> 8) + (a*b + 128)) >> 8}).
 */
class PilColorConversionTest {

    private static WritableRaster raster(int width, int height, int bands, int dataType, int[] samples) {
        WritableRaster raster = Raster.createInterleavedRaster(dataType, width, height, bands, new Point(0, 0));
        raster.setPixels(0, 0, width, height, samples);
        return raster;
    }

    private static byte[] rgb(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    @Test
    void should_convert_cmyk_with_pils_cmyk2rgb() {
        // C, M, Y, K -> 255 - K - MULDIV255(C, 255 - K) per channel
        WritableRaster cmyk = raster(4, 1, 4, DataBuffer.TYPE_BYTE, new int[] {
            0, 0, 0, 0,           // white
            255, 0, 128, 0,       // 255 - 255 = 0; 255; 255 - 128 = 127
            128, 64, 0, 100,      // nk 155: 155 - 78 = 77; 155 - 39 = 116; 155
            0, 0, 0, 255,         // black
        });

        RgbImage image = PilColorConversion.cmykToRgb(cmyk, false);

        assertEquals(4, image.width());
        assertEquals(1, image.height());
        assertArrayEquals(rgb(255, 255, 255, 0, 255, 127, 77, 116, 155, 0, 0, 0), image.pixels());
    }

    @Test
    void should_invert_adobe_cmyk_before_converting() {
        // the same pixels stored inverted (255 - v), as Adobe applications write them
        WritableRaster inverted = raster(4, 1, 4, DataBuffer.TYPE_BYTE, new int[] {
            255, 255, 255, 255,
            0, 255, 127, 255,
            127, 191, 255, 155,
            255, 255, 255, 0,
        });

        RgbImage image = PilColorConversion.cmykToRgb(inverted, true);

        assertArrayEquals(rgb(255, 255, 255, 0, 255, 127, 77, 116, 155, 0, 0, 0), image.pixels());
    }

    @Test
    void should_read_cmyk_rows_from_a_raster_that_does_not_start_at_the_origin() {
        WritableRaster whole = raster(2, 2, 4, DataBuffer.TYPE_BYTE, new int[] {
            0, 0, 0, 0, 0, 0, 0, 255,
            255, 0, 0, 0, 0, 255, 0, 0,
        });
        Raster secondRow = whole.createChild(0, 1, 2, 1, 5, 7, null);

        RgbImage image = PilColorConversion.cmykToRgb(secondRow, false);

        assertArrayEquals(rgb(0, 255, 255, 255, 0, 255), image.pixels());
    }

    @Test
    void should_refuse_a_jpeg_with_three_components_where_cmyk_was_expected() {
        WritableRaster threeBands = raster(1, 1, 3, DataBuffer.TYPE_BYTE, new int[] {1, 2, 3});

        ImageDecodeException error = assertThrows(ImageDecodeException.class, () -> PilColorConversion.cmykToRgb(threeBands, false));

        assertEquals(ImageDecodeException.Reason.UNSUPPORTED_FORMAT, error.reason());
        assertEquals("unsupported JPEG with 3 colour components", error.getMessage());
    }

    @Test
    void should_replicate_8_bit_grey() {
        WritableRaster gray = raster(3, 1, 1, DataBuffer.TYPE_BYTE, new int[] {0, 128, 255});

        assertArrayEquals(rgb(0, 0, 0, 128, 128, 128, 255, 255, 255), PilColorConversion.grayToRgb(gray, 8, false).pixels());
    }

    @Test
    void should_clip_16_bit_grey_without_alpha_at_255_as_pil_i16() {
        WritableRaster gray = raster(5, 1, 1, DataBuffer.TYPE_USHORT, new int[] {0, 200, 255, 256, 65535});

        assertArrayEquals(rgb(0, 0, 0, 200, 200, 200, 255, 255, 255, 255, 255, 255, 255, 255, 255),
                PilColorConversion.grayToRgb(gray, 16, false).pixels());
    }

    @Test
    void should_take_the_high_byte_of_16_bit_grey_with_alpha_as_pil_la() {
        WritableRaster grayAlpha = raster(3, 1, 2, DataBuffer.TYPE_USHORT, new int[] {0x00FF, 0, 0x8001, 0, 0xFF00, 0});

        assertArrayEquals(rgb(0, 0, 0, 0x80, 0x80, 0x80, 0xFF, 0xFF, 0xFF), PilColorConversion.grayToRgb(grayAlpha, 16, true).pixels());
    }

    @Test
    void should_keep_the_high_byte_of_16_bit_rgb_and_ignore_alpha() {
        WritableRaster rgba = raster(2, 1, 4, DataBuffer.TYPE_USHORT, new int[] {
            0x0102, 0x80FF, 0xFFFF, 0x1234,
            0x00FF, 0x7F00, 0xFE01, 0,
        });

        assertArrayEquals(rgb(0x01, 0x80, 0xFF, 0x00, 0x7F, 0xFE), PilColorConversion.componentsToRgb(rgba, 16).pixels());
    }

    @Test
    void should_keep_8_bit_rgb_as_it_is() {
        WritableRaster rgb = raster(2, 1, 3, DataBuffer.TYPE_BYTE, new int[] {1, 2, 3, 250, 251, 252});

        assertArrayEquals(rgb(1, 2, 3, 250, 251, 252), PilColorConversion.componentsToRgb(rgb, 8).pixels());
    }

    @Test
    void should_look_up_palette_entries() {
        IndexColorModel palette = new IndexColorModel(8, 3, rgb(10, 20, 30), rgb(40, 50, 60), rgb(70, 80, 90));
        WritableRaster indices = raster(3, 1, 1, DataBuffer.TYPE_BYTE, new int[] {2, 0, 1});

        assertArrayEquals(rgb(30, 60, 90, 10, 40, 70, 20, 50, 80), PilColorConversion.paletteToRgb(indices, palette).pixels());
    }

    @Test
    void should_unpack_packed_pixels_by_their_masks() {
        // 5-6-5 would scale in PIL's BMP reader; these masks are byte-aligned like BMP's 32-bit BI_BITFIELDS
        DirectColorModel packed = new DirectColorModel(32, 0x0000FF00, 0x00FF0000, 0xFF000000, 0);
        WritableRaster pixels = packed.createCompatibleWritableRaster(2, 1);
        pixels.setDataElements(0, 0, new int[] {0x030201AA});
        pixels.setDataElements(1, 0, new int[] {0xFCFDFE00});

        assertArrayEquals(rgb(0x01, 0x02, 0x03, 0xFE, 0xFD, 0xFC), PilColorConversion.packedToRgb(pixels, packed).pixels());
    }

    @Test
    void should_read_bgr_bytes_by_their_band_offsets_when_the_raster_does_not_start_at_the_origin() {
        // the JDK's JPEG reader gives TYPE_3BYTE_BGR: bands R, G, B at byte offsets 2, 1, 0 of each pixel
        BufferedImage bgr = new BufferedImage(3, 2, BufferedImage.TYPE_3BYTE_BGR);
        int[] samples = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18};
        bgr.getRaster().setPixels(0, 0, 3, 2, samples);
        Raster lastTwoOfSecondRow = bgr.getRaster().createChild(1, 1, 2, 1, 5, 7, null);

        assertArrayEquals(rgb(13, 14, 15, 16, 17, 18), PilColorConversion.componentsToRgb(lastTwoOfSecondRow, 8).pixels());
    }

    @Test
    void should_look_up_palette_entries_when_the_raster_does_not_start_at_the_origin() {
        IndexColorModel palette = new IndexColorModel(8, 3, rgb(10, 20, 30), rgb(40, 50, 60), rgb(70, 80, 90));
        WritableRaster indices = raster(2, 2, 1, DataBuffer.TYPE_BYTE, new int[] {0, 0, 2, 1});
        Raster secondRow = indices.createChild(0, 1, 2, 1, 3, 4, null);

        assertArrayEquals(rgb(30, 60, 90, 20, 50, 80), PilColorConversion.paletteToRgb(secondRow, palette).pixels());
    }

    @Test
    void should_look_up_palette_entries_of_one_bit_pixels() {
        // PNG's 1-bit images arrive packed eight to a byte (MultiPixelPackedSampleModel)
        IndexColorModel palette = new IndexColorModel(1, 2, rgb(0, 200), rgb(0, 100), rgb(0, 50));
        BufferedImage bits = new BufferedImage(9, 1, BufferedImage.TYPE_BYTE_BINARY, palette);
        bits.getRaster().setPixels(0, 0, 9, 1, new int[] {1, 0, 0, 0, 0, 0, 0, 1, 1});

        assertArrayEquals(rgb(200, 100, 50, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 200, 100, 50, 200, 100, 50),
                PilColorConversion.paletteToRgb(bits.getRaster(), palette).pixels());
    }

    @Test
    void should_replicate_8_bit_grey_when_the_raster_does_not_start_at_the_origin() {
        WritableRaster gray = raster(2, 2, 1, DataBuffer.TYPE_BYTE, new int[] {1, 2, 3, 4});
        Raster secondColumn = gray.createChild(1, 0, 1, 2, 0, 0, null);

        assertArrayEquals(rgb(2, 2, 2, 4, 4, 4), PilColorConversion.grayToRgb(secondColumn, 8, false).pixels());
    }

    @Test
    void should_unpack_packed_pixels_when_the_raster_does_not_start_at_the_origin() {
        DirectColorModel packed = new DirectColorModel(32, 0x00FF0000, 0x0000FF00, 0x000000FF, 0);
        WritableRaster pixels = packed.createCompatibleWritableRaster(2, 2);
        pixels.setDataElements(0, 0, 2, 2, new int[] {0x010203, 0x040506, 0x070809, 0x0A0B0C});
        Raster secondRow = pixels.createChild(0, 1, 2, 1, 9, 9, null);

        assertArrayEquals(rgb(7, 8, 9, 10, 11, 12), PilColorConversion.packedToRgb(secondRow, packed).pixels());
    }
}
