package dev.virtus.scan.preprocess;

/**
 * Pillow's resampling filters ({@code PIL.Image.Resampling}) with their integer codes, and the
 * convolution kernels of {@code src/libImaging/Resample.c}.
 *
 * <p>Kernels keep the C operation order and constants so that coefficients come out bit-identical;
 * {@link StrictMath} stands in for libm's {@code sin}/{@code cos}.
 */
public enum ResampleFilter {

    /** Point sampling; Pillow routes it through the affine transform, not Resample.c. */
    NEAREST(0, 0.0) {
        @Override
        public double kernel(double x) {
            throw new UnsupportedOperationException("NEAREST is a point sampler and has no convolution kernel");
        }
    },

    /** {@code box_filter}. */
    BOX(4, 0.5) {
        @Override
        public double kernel(double x) {
            if (x > -0.5 && x <= 0.5) {
                return 1.0;
            }
            return 0.0;
        }
    },

    /** {@code bilinear_filter}. */
    BILINEAR(2, 1.0) {
        @Override
        public double kernel(double x) {
            if (x < 0.0) {
                x = -x;
            }
            if (x < 1.0) {
                return 1.0 - x;
            }
            return 0.0;
        }
    },

    /** {@code hamming_filter}. */
    HAMMING(5, 1.0) {
        // C writes 0.54f and 0.46f: float literals widened to double, not the decimal doubles.
        private static final double ALPHA = 0.54f;
        private static final double BETA = 0.46f;

        @Override
        public double kernel(double x) {
            if (x < 0.0) {
                x = -x;
            }
            if (x == 0.0) {
                return 1.0;
            }
            if (x >= 1.0) {
                return 0.0;
            }
            x = x * Math.PI;
            return StrictMath.sin(x) / x * (ALPHA + BETA * StrictMath.cos(x));
        }
    },

    /** {@code bicubic_filter} with a = -0.5. */
    BICUBIC(3, 2.0) {
        private static final double A = -0.5;

        @Override
        public double kernel(double x) {
            if (x < 0.0) {
                x = -x;
            }
            if (x < 1.0) {
                return ((A + 2.0) * x - (A + 3.0)) * x * x + 1;
            }
            if (x < 2.0) {
                return (((x - 5) * x + 8) * x - 4) * A;
            }
            return 0.0;
        }
    },

    /** {@code lanczos_filter}: sinc truncated to three lobes. */
    LANCZOS(1, 3.0) {
        @Override
        public double kernel(double x) {
            if (-3.0 <= x && x < 3.0) {
                return sinc(x) * sinc(x / 3);
            }
            return 0.0;
        }
    };

    private final int pilCode;
    private final double support;

    ResampleFilter(int pilCode, double support) {
        this.pilCode = pilCode;
        this.support = support;
    }

    /** The value of {@code PIL.Image.Resampling.<name>}. */
    public int pilCode() {
        return pilCode;
    }

    /** Kernel radius in source pixels at scale 1 ({@code struct filter.support}). */
    public double support() {
        return support;
    }

    /** The kernel weight at distance {@code x} (in filter-scaled source pixels) from the sample centre. */
    public abstract double kernel(double x);

    /** Whether this filter is a convolution handled by Resample.c (everything except {@link #NEAREST}). */
    public boolean isConvolution() {
        return this != NEAREST;
    }

    /**
     * Maps a Pillow resampling code ({@code Image.Resampling.*}) to its filter.
     *
     * @throws IllegalArgumentException for a code Pillow does not define
     */
    public static ResampleFilter fromPilCode(int code) {
        for (ResampleFilter filter : values()) {
            if (filter.pilCode == code) {
                return filter;
            }
        }
        throw new IllegalArgumentException("Unknown Pillow resampling filter code " + code
                + "; expected 0 (NEAREST), 1 (LANCZOS), 2 (BILINEAR), 3 (BICUBIC), 4 (BOX) or 5 (HAMMING)");
    }

    /** {@code sinc_filter}. */
    private static double sinc(double x) {
        if (x == 0.0) {
            return 1.0;
        }
        x = x * Math.PI;
        return StrictMath.sin(x) / x;
    }
}
