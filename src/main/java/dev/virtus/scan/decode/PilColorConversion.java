package dev.virtus.scan.decode;

import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.util.Optional;

/**
 * Decoded rasters to RGB bytes exactly as PIL's {@code convert("RGB")} does it: alpha dropped (not
 * composited), grey replicated, palettes looked up, CMYK by {@code cmyk2rgb} in {@code Convert.c}.
 */
final class PilColorConversion {

    private PilColorConversion() {
    }

    static RgbImage paletteToRgb(Raster raster, IndexColorModel palette) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        // IndexColorModel answers every index below 256, whatever its map size
        int entries = Math.max(palette.getMapSize(), 256);
        byte[] colours = new byte[entries * 3];
        for (int index = 0; index < entries; index++) {
            colours[index * 3] = (byte) palette.getRed(index);
            colours[index * 3 + 1] = (byte) palette.getGreen(index);
            colours[index * 3 + 2] = (byte) palette.getBlue(index);
        }
        byte[] out = new byte[width * height * 3];
        int[] row = new int[width];
        var bytes = ByteSamples.of(raster);
        int o = 0;
        for (int y = 0; y < height; y++) {
            readFirstBand(raster, bytes, y, row);
            for (int x = 0; x < width; x++) {
                int c = row[x] * 3;
                out[o++] = colours[c];
                out[o++] = colours[c + 1];
                out[o++] = colours[c + 2];
            }
        }
        return new RgbImage(width, height, out);
    }

    private static void readFirstBand(Raster raster, Optional<ByteSamples> bytes, int y, int[] row) {
        if (bytes.isPresent()) {
            bytes.get().readRow(y, 0, row);
        } else {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, row.length, 1, 0, row);
        }
    }

    static RgbImage packedToRgb(Raster raster, DirectColorModel packed) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        byte[] out = new byte[width * height * 3];
        int[] row = new int[width];
        int[] masks = {packed.getRedMask(), packed.getGreenMask(), packed.getBlueMask()};
        int[] shifts = {Integer.numberOfTrailingZeros(masks[0]), Integer.numberOfTrailingZeros(masks[1]),
                Integer.numberOfTrailingZeros(masks[2])};
        int o = 0;
        for (int y = 0; y < height; y++) {
            raster.getDataElements(raster.getMinX(), raster.getMinY() + y, width, 1, row);
            for (int x = 0; x < width; x++) {
                int value = row[x];
                out[o++] = (byte) ((value & masks[0]) >>> shifts[0]);
                out[o++] = (byte) ((value & masks[1]) >>> shifts[1]);
                out[o++] = (byte) ((value & masks[2]) >>> shifts[2]);
            }
        }
        return new RgbImage(width, height, out);
    }

    /**
     * One grey band. 16-bit grey without alpha opens in PIL as mode {@code I;16}, whose conversion to RGB
     * clips at 255; with alpha it opens as {@code LA} from the high bytes.
     */
    static RgbImage grayToRgb(Raster raster, int bits, boolean hasAlpha) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        byte[] out = new byte[width * height * 3];
        int[] row = new int[width];
        var bytes = ByteSamples.of(raster);
        int o = 0;
        for (int y = 0; y < height; y++) {
            readFirstBand(raster, bytes, y, row);
            for (int x = 0; x < width; x++) {
                int sample = row[x];
                int gray = bits <= 8 ? sample : hasAlpha ? sample >>> (bits - 8) : Math.min(sample, 255);
                byte value = (byte) gray;
                out[o++] = value;
                out[o++] = value;
                out[o++] = value;
            }
        }
        return new RgbImage(width, height, out);
    }

    /** Three colour bands (alpha, if any, ignored); 16-bit samples keep their high byte, as PIL's RGB;16B. */
    static RgbImage componentsToRgb(Raster raster, int bits) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        byte[] out = new byte[width * height * 3];
        var bytes = ByteSamples.of(raster);
        if (bytes.isPresent()) {
            ByteSamples samples = bytes.get();
            byte[] data = samples.data();
            int red = samples.bandOffset(0);
            int green = samples.bandOffset(1);
            int blue = samples.bandOffset(2);
            int stride = samples.pixelStride();
            int o = 0;
            for (int y = 0; y < height; y++) {
                for (int x = 0, p = samples.rowStart(y); x < width; x++, p += stride) {
                    out[o++] = data[p + red];
                    out[o++] = data[p + green];
                    out[o++] = data[p + blue];
                }
            }
            return new RgbImage(width, height, out);
        }
        int bands = raster.getNumBands();
        int[] row = new int[width * bands];
        int shift = Math.max(bits - 8, 0);
        int o = 0;
        for (int y = 0; y < height; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, width, 1, row);
            for (int i = 0; i < row.length; i += bands) {
                out[o++] = (byte) (row[i] >>> shift);
                out[o++] = (byte) (row[i + 1] >>> shift);
                out[o++] = (byte) (row[i + 2] >>> shift);
            }
        }
        return new RgbImage(width, height, out);
    }

    /**
     * PIL's {@code cmyk2rgb}. Adobe applications store CMYK JPEGs inverted, and PIL reads those with raw
     * mode {@code CMYK;I}.
     */
    static RgbImage cmykToRgb(Raster raster, boolean inverted) {
        if (raster.getNumBands() != 4) {
            throw new ImageDecodeException(ImageDecodeException.Reason.UNSUPPORTED_FORMAT,
                    "unsupported JPEG with " + raster.getNumBands() + " colour components");
        }
        int width = raster.getWidth();
        int height = raster.getHeight();
        byte[] out = new byte[width * height * 3];
        int[] row = new int[width * 4];
        int o = 0;
        for (int y = 0; y < height; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, width, 1, row);
            for (int i = 0; i < row.length; i += 4) {
                int c = inverted ? 255 - row[i] : row[i];
                int m = inverted ? 255 - row[i + 1] : row[i + 1];
                int yellow = inverted ? 255 - row[i + 2] : row[i + 2];
                int notBlack = 255 - (inverted ? 255 - row[i + 3] : row[i + 3]);
                out[o++] = (byte) clip8(notBlack - mulDiv255(c, notBlack));
                out[o++] = (byte) clip8(notBlack - mulDiv255(m, notBlack));
                out[o++] = (byte) clip8(notBlack - mulDiv255(yellow, notBlack));
            }
        }
        return new RgbImage(width, height, out);
    }

    private static int mulDiv255(int a, int b) {
        int tmp = a * b + 128;
        return ((tmp >> 8) + tmp) >> 8;
    }

    private static int clip8(int value) {
        return value < 0 ? 0 : Math.min(value, 255);
    }
}
