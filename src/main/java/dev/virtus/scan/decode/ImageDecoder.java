package dev.virtus.scan.decode;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import dev.virtus.scan.decode.ImageDecodeException.Reason;

/**
 * Turns encoded image bytes into the RGB pixels that PIL's {@code Image.open}, {@code exif_transpose}
 * and {@code convert("RGB")} give. Pixels come straight from the decoder's raster, never through
 * {@link BufferedImage#getRGB}, which would apply colour management PIL does not.
 */
public final class ImageDecoder {

    private final DecodeLimits limits;

    public ImageDecoder(DecodeLimits limits) {
        this.limits = limits;
        ImageIO.setUseCache(false);
    }

    public RgbImage decode(byte[] bytes) {
        if (bytes.length == 0) {
            throw new ImageDecodeException(Reason.EMPTY, "the image is empty (0 bytes)");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new ImageDecodeException(Reason.TOO_MANY_BYTES,
                    "the image has " + bytes.length + " bytes; the limit is " + limits.maxBytes());
        }
        ImageFormat format = ImageFormat.sniff(bytes);
        try {
            requireSoundStructure(bytes, format);
            RgbImage pixels = readPixels(bytes, format);
            return ExifOrientation.apply(pixels, ExifOrientation.read(bytes, format));
        } catch (OutOfMemoryError e) {
            throw new ImageDecodeException(Reason.OVER_LIMIT, "decoding the " + format + " image ran out of memory: " + e.getMessage(), e);
        } catch (StackOverflowError e) {
            throw new ImageDecodeException(Reason.OVER_LIMIT, "decoding the " + format + " image ran out of stack", e);
        }
    }

    /** What ImageIO's readers would trust from the headers and spend on, checked before they start. */
    private void requireSoundStructure(byte[] bytes, ImageFormat format) {
        switch (format) {
            case JPEG -> JpegScans.requireAtMost(bytes, limits.maxJpegScans());
            case PNG -> PngChunks.requireWithinFile(bytes);
            case BMP -> BmpHeader.requireConsistent(bytes);
            case WEBP -> WebpFrames.requireWithin(bytes, limits);
            case GIF -> {
                // the logical screen and the first frame are checked by size below; later frames are never decoded
            }
        }
    }

    private RgbImage readPixels(byte[] bytes, ImageFormat format) {
        ImageReader reader = readerFor(format);
        TruncationListener truncation = new TruncationListener();
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            boolean gif = format == ImageFormat.GIF;
            // a GIF's metadata holds its logical screen and the first frame's offset
            reader.setInput(input, true, !gif);
            reader.addIIOReadWarningListener(truncation);
            new DecodeDeadline(format, limits.timeout()).watch(reader);
            limits.requireWithin(format, "image", reader.getWidth(0), reader.getHeight(0));
            RgbImage image;
            if (gif) {
                GifScreen screen = GifScreen.of(reader);
                limits.requireWithin(format, "logical screen", screen.width(), screen.height());
                image = screen.render(reader, reader.read(0));
            } else if (isFourChannelJpeg(reader, format)) {
                image = PilColorConversion.cmykToRgb(reader.readRaster(0, null), AdobeMarker.invertsCmyk(bytes));
            } else {
                image = toRgb(reader.read(0));
            }
            truncation.throwIfTruncated(format);
            return image;
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            rethrowLimitReached(e);
            throw new ImageDecodeException(Reason.CORRUPT,
                    "the " + format + " image cannot be decoded: " + describe(e), e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * The JDK's PNG reader wraps whatever it caught in an IIOException: an {@link OutOfMemoryError}, or the
     * {@link DecodeDeadline}'s refusal thrown from its callback. Those keep their own meaning.
     */
    private static void rethrowLimitReached(Exception e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ImageDecodeException refusal) {
                throw refusal;
            }
            if (cause instanceof OutOfMemoryError || cause instanceof StackOverflowError) {
                throw (Error) cause;
            }
        }
    }

    private static ImageReader readerFor(ImageFormat format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + format + " is registered");
        }
        return readers.next();
    }

    /** CMYK and YCCK JPEGs: the JDK decodes them only as rasters, and PIL converts them its own way. */
    private static boolean isFourChannelJpeg(ImageReader reader, ImageFormat format) throws IOException {
        if (format != ImageFormat.JPEG) {
            return false;
        }
        try {
            var rawType = reader.getRawImageType(0);
            return rawType == null || rawType.getColorModel().getNumComponents() == 4;
        } catch (IOException unsupportedColorSpace) {
            return true;
        }
    }

    static RgbImage toRgb(BufferedImage image) {
        ColorModel colorModel = image.getColorModel();
        Raster raster = image.getRaster();
        if (colorModel instanceof IndexColorModel palette) {
            return PilColorConversion.paletteToRgb(raster, palette);
        }
        if (colorModel instanceof DirectColorModel packed) {
            return PilColorConversion.packedToRgb(raster, packed);
        }
        if (colorModel instanceof ComponentColorModel components) {
            int colorComponents = components.getNumColorComponents();
            int bits = components.getComponentSize(0);
            if (colorComponents == 1) {
                return PilColorConversion.grayToRgb(raster, bits, components.hasAlpha());
            }
            if (colorComponents == 3 && components.getColorSpace().getType() == ColorSpace.TYPE_RGB) {
                return PilColorConversion.componentsToRgb(raster, bits);
            }
        }
        throw new ImageDecodeException(Reason.UNSUPPORTED_FORMAT,
                "unsupported pixel layout: " + colorModel.getClass().getSimpleName() + " with "
                        + colorModel.getNumComponents() + " components");
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /**
     * The JDK's JPEG reader fills a cut-off file with grey and only warns; PIL refuses images whose
     * data ends early, so that warning is an error here too. A missing EOI marker alone is not: PIL
     * accepts it.
     */
    private static final class TruncationListener implements IIOReadWarningListener {
        private String warning;

        @Override
        public void warningOccurred(ImageReader source, String message) {
            if (warning == null && message != null && message.toLowerCase(Locale.ROOT).contains("premature end")) {
                warning = message;
            }
        }

        void throwIfTruncated(ImageFormat format) {
            if (warning != null) {
                throw new ImageDecodeException(Reason.CORRUPT, "the " + format + " image is truncated: " + warning);
            }
        }
    }
}
