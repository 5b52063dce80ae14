package dev.virtus.scan.preprocess;

import java.nio.FloatBuffer;

import dev.virtus.scan.decode.RgbImage;

/**
 * The PIL backend of a transformers image processor: resize, center crop, rescale, normalize, in that
 * order, channels first. Float arithmetic follows numpy's: rescale in float64 then cast to float32,
 * normalize in float32.
 */
public final class ImagePreprocessor {

    private final ImageProcessorConfig config;

    public ImagePreprocessor(ImageProcessorConfig config) {
        this.config = config;
    }

    public ImageProcessorConfig config() {
        return config;
    }

    /** The uint8 image that rescale and normalize start from. */
    public RgbImage resizeAndCrop(RgbImage image) {
        RgbImage resized = config.doResize() ? resize(image) : image;
        return config.doCenterCrop() ? centerCrop(resized, config.cropHeight(), config.cropWidth()) : resized;
    }

    /** Writes {@code pixel_values} for one image, [3, H, W], at the buffer's position, and advances it. */
    public void writePixelValues(RgbImage image, FloatBuffer destination) {
        writeRescaledAndNormalized(resizeAndCrop(image), destination);
    }

    /** The second half of {@link #writePixelValues}: rescale and normalize an image already resized and cropped. */
    public void writeRescaledAndNormalized(RgbImage prepared, FloatBuffer destination) {
        byte[] pixels = prepared.pixels();
        int planeSize = prepared.width() * prepared.height();
        float[] lookup = channelLookup();
        int start = destination.position();
        for (int channel = 0; channel < 3; channel++) {
            int planeStart = start + channel * planeSize;
            int lookupStart = channel * 256;
            for (int i = 0, p = channel; i < planeSize; i++, p += 3) {
                destination.put(planeStart + i, lookup[lookupStart + (pixels[p] & 0xFF)]);
            }
        }
        destination.position(start + 3 * planeSize);
    }

    /**
     * Every output value depends only on its channel and its uint8 input, so the 3 x 256 results are
     * computed once per call instead of per pixel.
     */
    private float[] channelLookup() {
        float[] lookup = new float[3 * 256];
        for (int channel = 0; channel < 3; channel++) {
            for (int value = 0; value < 256; value++) {
                float x = config.doRescale() ? (float) (value * config.rescaleFactor()) : value;
                if (config.doNormalize()) {
                    x = (x - config.mean()[channel]) / config.std()[channel];
                }
                lookup[channel * 256 + value] = x;
            }
        }
        return lookup;
    }

    private RgbImage resize(RgbImage image) {
        int[] size = config.resize().outputSize(image.height(), image.width());
        int newHeight = size[0];
        int newWidth = size[1];
        byte[] pixels = PillowResize.resize(image.pixels(), image.width(), image.height(),
                newWidth, newHeight, config.resample());
        return new RgbImage(newWidth, newHeight, pixels);
    }

    /**
     * numpy's {@code center_crop}: floor offsets, zero padding (centered, rounded up) when too small. A negative
     * floor offset, {@code floor((size - crop) / 2)}, is exactly minus the padding {@code ceil((crop - size) / 2)}.
     */
    static RgbImage centerCrop(RgbImage image, int cropHeight, int cropWidth) {
        int height = image.height();
        int width = image.width();
        if (height == cropHeight && width == cropWidth) {
            return image;
        }
        int top = Math.floorDiv(height - cropHeight, 2);
        int left = Math.floorDiv(width - cropWidth, 2);
        byte[] source = image.pixels();
        byte[] out = new byte[cropHeight * cropWidth * 3];
        for (int y = 0; y < cropHeight; y++) {
            int sourceY = top + y;
            if (sourceY < 0 || sourceY >= height) {
                continue;
            }
            for (int x = 0; x < cropWidth; x++) {
                int sourceX = left + x;
                if (sourceX >= 0 && sourceX < width) {
                    System.arraycopy(source, (sourceY * width + sourceX) * 3, out, (y * cropWidth + x) * 3, 3);
                }
            }
        }
        return new RgbImage(cropWidth, cropHeight, out);
    }
}
