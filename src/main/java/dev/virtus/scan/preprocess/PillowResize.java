package dev.virtus.scan.preprocess;

import java.util.Arrays;
import java.util.Objects;

/**
 * Bit-exact port of Pillow's {@code Image.resize(size, resample)} for 8-bit RGB images
 * (no {@code box}, {@code reducing_gap=None}).
 *
 * <p>Convolution filters follow {@code src/libImaging/Resample.c}: per-axis coefficients from
 * {@code precompute_coeffs}, 22-bit fixed point from {@code normalize_coeffs_8bpc}, and the two-pass
 * order of {@code ImagingResampleInner}. {@link ResampleFilter#NEAREST} follows
 * {@code ImagingScaleAffine} in {@code Geometry.c}, which is where {@code _resize} sends it.
 *
 * <p>Images are interleaved RGB bytes, row-major, three bytes per pixel. Pillow stores RGB in four
 * bytes per pixel, but every channel is computed independently, so the results are identical.
 */
public final class PillowResize {

    private static final int CHANNELS = 3;

    /** {@code PRECISION_BITS}: 8 bits of result, 2 bits of headroom for negative lobes and overshoot. */
    private static final int PRECISION_BITS = 32 - 8 - 2;

    /** Rounding bias added before the final shift. */
    private static final int ROUNDING = 1 << (PRECISION_BITS - 1);

    /** {@code Image.resize} resamples an image taller than this many times its width vertically first. */
    private static final int TALL_ASPECT_RATIO = 100;

    private PillowResize() {
    }

    /**
     * Resizes an RGB image exactly as Pillow's {@code Image.resize((newWidth, newHeight), resample=filter)}.
     *
     * @param rgb interleaved RGB bytes, {@code width * height * 3} long; not modified
     * @return a new array of {@code newWidth * newHeight * 3} interleaved RGB bytes
     * @throws IllegalArgumentException on non-positive sizes or an array of the wrong length
     */
    public static byte[] resize(byte[] rgb, int width, int height, int newWidth, int newHeight,
            ResampleFilter filter) {
        Objects.requireNonNull(rgb, "rgb");
        Objects.requireNonNull(filter, "filter");
        requirePositive("width", width);
        requirePositive("height", height);
        requirePositive("newWidth", newWidth);
        requirePositive("newHeight", newHeight);
        long expectedLength = (long) width * height * CHANNELS;
        if (rgb.length != expectedLength) {
            throw new IllegalArgumentException("rgb has " + rgb.length + " bytes but a " + width + "x" + height
                    + " RGB image needs " + expectedLength);
        }
        long outputLength = (long) newWidth * newHeight * CHANNELS;
        if (outputLength > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Target size " + newWidth + "x" + newHeight + " is too large");
        }

        if (width == newWidth && height == newHeight) {
            return rgb.clone();
        }
        // Image.resize: "if self.size[1] > self.size[0] * 100 and size[1] < self.size[1]" it calls the core
        // resize twice, height first. Each call clips to 8 bits, so the order changes the result.
        if (height > (long) width * TALL_ASPECT_RATIO && newHeight < height) {
            byte[] heightResized = resizeCore(rgb, width, height, width, newHeight, filter);
            return resizeCore(heightResized, width, newHeight, newWidth, newHeight, filter);
        }
        return resizeCore(rgb, width, height, newWidth, newHeight, filter);
    }

    /** {@code _resize} in {@code _imaging.c} with the default box. */
    private static byte[] resizeCore(byte[] rgb, int width, int height, int newWidth, int newHeight,
            ResampleFilter filter) {
        if (width == newWidth && height == newHeight) {
            return rgb; // _resize crops to the whole image
        }
        if (filter.isConvolution()) {
            return resampleInner(rgb, width, height, newWidth, newHeight, filter);
        }
        return scaleNearest(rgb, width, height, newWidth, newHeight);
    }

    /** {@code ImagingResampleInner}: horizontal pass over the needed rows, then vertical pass. */
    private static byte[] resampleInner(byte[] rgb, int width, int height, int newWidth, int newHeight,
            ResampleFilter filter) {
        boolean needHorizontal = newWidth != width;
        boolean needVertical = newHeight != height;

        Coefficients vertical = Coefficients.compute(height, newHeight, filter);
        int firstSourceRow = vertical.start[0];
        int lastSourceRow = vertical.start[newHeight - 1] + vertical.count[newHeight - 1];

        byte[] image = rgb;
        if (needHorizontal) {
            Coefficients horizontal = Coefficients.compute(width, newWidth, filter);
            image = resampleHorizontal(rgb, width, firstSourceRow, lastSourceRow, newWidth, horizontal);
            vertical.shiftStarts(-firstSourceRow);
        }
        if (needVertical) {
            image = resampleVertical(image, newWidth, newHeight, vertical);
        }
        return image;
    }

    /** {@code ImagingResampleHorizontal_8bpc} over source rows {@code [firstRow, lastRow)}. */
    private static byte[] resampleHorizontal(byte[] src, int width, int firstRow, int lastRow, int newWidth,
            Coefficients coefficients) {
        int[] start = coefficients.start;
        int[] count = coefficients.count;
        int[] weights = coefficients.weights;
        int stride = coefficients.stride;
        int srcRowLength = width * CHANNELS;

        byte[] out = new byte[(lastRow - firstRow) * newWidth * CHANNELS];
        int o = 0;
        for (int y = firstRow; y < lastRow; y++) {
            int srcRow = y * srcRowLength;
            for (int xx = 0; xx < newWidth; xx++) {
                int k = xx * stride;
                int kEnd = k + count[xx];
                int p = srcRow + start[xx] * CHANNELS;
                int r = ROUNDING;
                int g = ROUNDING;
                int b = ROUNDING;
                for (; k < kEnd; k++, p += CHANNELS) {
                    int w = weights[k];
                    r += (src[p] & 0xFF) * w;
                    g += (src[p + 1] & 0xFF) * w;
                    b += (src[p + 2] & 0xFF) * w;
                }
                out[o++] = clip8(r);
                out[o++] = clip8(g);
                out[o++] = clip8(b);
            }
        }
        return out;
    }

    /**
     * {@code ImagingResampleVertical_8bpc}. Accumulates whole rows instead of walking columns: each
     * channel still sums the same integer terms in the same order, and rows are read sequentially.
     */
    private static byte[] resampleVertical(byte[] src, int width, int newHeight, Coefficients coefficients) {
        int[] start = coefficients.start;
        int[] count = coefficients.count;
        int[] weights = coefficients.weights;
        int stride = coefficients.stride;
        int rowLength = width * CHANNELS;

        byte[] out = new byte[newHeight * rowLength];
        int[] acc = new int[rowLength];
        for (int yy = 0; yy < newHeight; yy++) {
            Arrays.fill(acc, ROUNDING);
            int k = yy * stride;
            int srcRow = start[yy] * rowLength;
            for (int i = 0; i < count[yy]; i++, srcRow += rowLength) {
                int w = weights[k + i];
                for (int j = 0; j < rowLength; j++) {
                    acc[j] += (src[srcRow + j] & 0xFF) * w;
                }
            }
            int o = yy * rowLength;
            for (int j = 0; j < rowLength; j++) {
                out[o + j] = clip8(acc[j]);
            }
        }
        return out;
    }

    /** {@code clip8}: Pillow's lookup table over -640..639 is exactly this clamp. */
    private static byte clip8(int acc) {
        int v = acc >> PRECISION_BITS;
        if (v < 0) {
            return 0;
        }
        return (byte) (v > 255 ? 255 : v);
    }

    /**
     * {@code ImagingScaleAffine} (Geometry.c) with the matrix {@code _resize} builds for NEAREST:
     * source coordinates advance by repeated addition, exactly as in C, and are truncated.
     */
    private static byte[] scaleNearest(byte[] src, int width, int height, int newWidth, int newHeight) {
        // a[0] = (double)(box[2] - box[0]) / xsize, with the box held in C floats.
        double xStep = (double) (float) width / newWidth;
        double yStep = (double) (float) height / newHeight;

        // Pillow calloc()s this table and only copies the span [xFirst, xEnd) of in-range columns.
        int[] sourceX = new int[newWidth];
        int xFirst = newWidth;
        int xEnd = 0;
        double xo = xStep * 0.5;
        for (int x = 0; x < newWidth; x++) {
            int xin = coord(xo);
            if (xin >= 0 && xin < width) {
                xEnd = x + 1;
                if (x < xFirst) {
                    xFirst = x;
                }
                sourceX[x] = xin * CHANNELS;
            }
            xo += xStep;
        }

        int srcRowLength = width * CHANNELS;
        int outRowLength = newWidth * CHANNELS;
        byte[] out = new byte[newHeight * outRowLength];
        double yo = yStep * 0.5;
        for (int y = 0; y < newHeight; y++) {
            int yin = coord(yo);
            if (yin >= 0 && yin < height) {
                int srcRow = yin * srcRowLength;
                int o = y * outRowLength + xFirst * CHANNELS;
                for (int x = xFirst; x < xEnd; x++) {
                    int p = srcRow + sourceX[x];
                    out[o++] = src[p];
                    out[o++] = src[p + 1];
                    out[o++] = src[p + 2];
                }
            }
            yo += yStep;
        }
        return out;
    }

    /** {@code COORD} in Geometry.c. */
    private static int coord(double v) {
        return v < 0.0 ? -1 : (int) v;
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /**
     * One axis' filter taps ({@code precompute_coeffs} + {@code normalize_coeffs_8bpc}): output pixel
     * {@code i} reads {@code count[i]} source pixels from {@code start[i]}, weighted by
     * {@code weights[i * stride ...]} in 22-bit fixed point.
     */
    private static final class Coefficients {
        final int[] start;
        final int[] count;
        final int[] weights;
        final int stride;

        private Coefficients(int[] start, int[] count, int[] weights, int stride) {
            this.start = start;
            this.count = count;
            this.weights = weights;
            this.stride = stride;
        }

        static Coefficients compute(int inSize, int outSize, ResampleFilter filter) {
            // in0 and in1 are C floats (the box); with the default box they are 0 and inSize.
            float in0 = 0f;
            float in1 = inSize;
            double scale = (double) (in1 - in0) / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filter.support() * filterScale;
            int stride = (int) Math.ceil(support) * 2 + 1;
            if ((long) outSize * stride > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("Too many filter coefficients for " + inSize + " -> " + outSize);
            }

            int[] start = new int[outSize];
            int[] count = new int[outSize];
            int[] weights = new int[outSize * stride];
            double[] w = new double[stride];
            double ss = 1.0 / filterScale;
            for (int xx = 0; xx < outSize; xx++) {
                double center = in0 + (xx + 0.5) * scale;
                int xmin = (int) (center - support + 0.5);
                if (xmin < 0) {
                    xmin = 0;
                }
                int xmax = (int) (center + support + 0.5);
                if (xmax > inSize) {
                    xmax = inSize;
                }
                xmax -= xmin;

                double total = 0.0;
                for (int x = 0; x < xmax; x++) {
                    w[x] = filter.kernel((x + xmin - center + 0.5) * ss);
                    total += w[x];
                }
                int offset = xx * stride;
                for (int x = 0; x < xmax; x++) {
                    double normalized = total != 0.0 ? w[x] / total : w[x];
                    weights[offset + x] = toFixedPoint(normalized);
                }
                start[xx] = xmin;
                count[xx] = xmax;
            }
            return new Coefficients(start, count, weights, stride);
        }

        /** {@code normalize_coeffs_8bpc}: round half away from zero, then truncate like a C cast. */
        private static int toFixedPoint(double weight) {
            if (weight < 0) {
                return (int) (-0.5 + weight * (1 << PRECISION_BITS));
            }
            return (int) (0.5 + weight * (1 << PRECISION_BITS));
        }

        void shiftStarts(int delta) {
            for (int i = 0; i < start.length; i++) {
                start[i] += delta;
            }
        }
    }
}
