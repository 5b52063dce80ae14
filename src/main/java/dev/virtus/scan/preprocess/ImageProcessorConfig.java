package dev.virtus.scan.preprocess;

/**
 * The image-processor settings of a Hugging Face {@code preprocessor_config.json}, with the meaning
 * that transformers' PIL backend gives them.
 *
 * @param resize target size, used when {@code doResize}
 * @param cropHeight center-crop height, used when {@code doCenterCrop}
 * @param cropWidth center-crop width, used when {@code doCenterCrop}
 * @param mean per-channel mean, float32 as numpy holds it
 * @param std per-channel standard deviation, float32 as numpy holds it
 */
public record ImageProcessorConfig(
        boolean doResize,
        ResizeTarget resize,
        ResampleFilter resample,
        boolean doCenterCrop,
        int cropHeight,
        int cropWidth,
        boolean doRescale,
        double rescaleFactor,
        boolean doNormalize,
        float[] mean,
        float[] std) {

    public ImageProcessorConfig {
        if (doNormalize && (mean.length != 3 || std.length != 3)) {
            throw new IllegalArgumentException("image_mean and image_std need 3 values for RGB");
        }
        if (doCenterCrop && (cropHeight <= 0 || cropWidth <= 0)) {
            throw new IllegalArgumentException("crop_size must be positive");
        }
    }

    /** Height and width of the tensor this configuration produces for an input of the given size. */
    public int[] outputSize(int height, int width) {
        int[] size = doResize ? resize.outputSize(height, width) : new int[] {height, width};
        return doCenterCrop ? new int[] {cropHeight, cropWidth} : size;
    }
}
