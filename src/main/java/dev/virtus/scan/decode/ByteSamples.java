package dev.virtus.scan.decode;

import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.util.Optional;

/**
 * Direct access to a raster whose samples are 8-bit bytes in one bank, interleaved or not, as the JDK's
 * JPEG, PNG and GIF readers produce: sample {@code band} of pixel (x, y) is
 * {@code data[rowStart(y) + x * pixelStride + bandOffset(band)]}, with x and y counted from the raster's corner.
 * Reading the array spares a call through the sample model per pixel or per row.
 */
record ByteSamples(byte[] data, int origin, int pixelStride, int scanlineStride, int[] bandOffsets) {

    static Optional<ByteSamples> of(Raster raster) {
        if (!(raster.getDataBuffer() instanceof DataBufferByte buffer) || buffer.getNumBanks() != 1
                || !(raster.getSampleModel() instanceof ComponentSampleModel model)) {
            return Optional.empty();
        }
        for (int bank : model.getBankIndices()) {
            if (bank != 0) {
                return Optional.empty();
            }
        }
        for (int size : model.getSampleSize()) {
            if (size != 8) {
                return Optional.empty();
            }
        }
        int origin = buffer.getOffset()
                + (raster.getMinY() - raster.getSampleModelTranslateY()) * model.getScanlineStride()
                + (raster.getMinX() - raster.getSampleModelTranslateX()) * model.getPixelStride();
        return Optional.of(new ByteSamples(buffer.getData(), origin, model.getPixelStride(), model.getScanlineStride(),
                model.getBandOffsets()));
    }

    int rowStart(int y) {
        return origin + y * scanlineStride;
    }

    int bandOffset(int band) {
        return bandOffsets[band];
    }

    /** One band of row {@code y}, as unsigned values, into {@code row} (one entry per pixel). */
    void readRow(int y, int band, int[] row) {
        for (int x = 0, p = rowStart(y) + bandOffsets[band]; x < row.length; x++, p += pixelStride) {
            row[x] = data[p] & 0xFF;
        }
    }
}
