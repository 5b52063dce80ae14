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
import java.util.function.Consumer;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import dev.virtus.scan.decode.ImageDecodeException.Reason;

/**
 * Turns encoded image bytes into the RGB pixels that PIL's {@code Image.open}, {@code exif_transpose}
 * and {@code convert("RGB")} give, frame by frame for an animated GIF, PNG or WebP (as {@code seek(n)} composites
 * them). Pixels come straight from the decoder's raster, never through {@link BufferedImage#getRGB}, which would
 * apply colour management PIL does not.
 */
public final class ImageDecoder {

    private final DecodeLimits limits;

    public ImageDecoder(DecodeLimits limits) {
        this.limits = limits;
        ImageIO.setUseCache(false);
    }

    /**
     * The first frame only: what PIL's {@code Image.open} (and so the Hugging Face pipeline's {@code load_image})
     * shows. Verdicts judge every frame: see {@link #decodeFrames}.
     */
    public RgbImage decode(byte[] bytes) {
        RgbImage[] first = new RgbImage[1];
        decodeFrames(bytes, frame -> {
            if (first[0] == null) {
                first[0] = frame;
            }
        });
        return first[0];
    }

    /**
     * Every frame as a viewer shows it, in order, each handed to {@code eachFrame} as soon as it is composited (so
     * that only one frame's pixels need exist at a time); a still image is one frame. The frame count and the pixel
     * budget across frames are checked from the headers before any frame is decoded, and
     * {@code virtus.decode.timeout} covers all of them, including what {@code eachFrame} does with each.
     *
     * @return how many frames there were
     */
    public int decodeFrames(byte[] bytes, Consumer<RgbImage> eachFrame) {
        if (bytes.length == 0) {
            throw new ImageDecodeException(Reason.EMPTY, "the image is empty (0 bytes)");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new ImageDecodeException(Reason.TOO_MANY_BYTES,
                    "the image has " + bytes.length + " bytes; the limit is " + limits.maxBytes());
        }
        ImageFormat format = ImageFormat.sniff(bytes);
        DecodeDeadline deadline = new DecodeDeadline(format, limits.timeout());
        try {
            requireSoundStructure(bytes, format);
            int orientation = ExifOrientation.read(bytes, format);
            Consumer<RgbImage> upright = frame -> eachFrame.accept(ExifOrientation.apply(frame, orientation));
            int frames = readAnimation(bytes, format, deadline, upright);
            if (frames == 0) {
                upright.accept(readPixels(bytes, format, deadline));
                frames = 1;
            }
            return frames;
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
                // a still GIF's screen and frame are checked by size below, an animated one's by GifAnimation
            }
        }
    }

    /**
     * Composites an animated GIF, PNG or WebP, its frames counted and its pixel budget checked before the first is
     * decoded; 0 when the image is a still one (a GIF of one frame, a PNG without acTL, a WebP without animation).
     */
    private int readAnimation(byte[] bytes, ImageFormat format, DecodeDeadline deadline, Consumer<RgbImage> eachFrame) {
        GifAnimation gif = format == ImageFormat.GIF ? GifAnimation.read(bytes, limits) : null;
        ApngAnimation png = format == ImageFormat.PNG ? ApngAnimation.readOrNull(bytes, limits) : null;
        WebpAnimation webp = format == ImageFormat.WEBP ? WebpAnimation.readOrNull(bytes, limits) : null;
        if ((gif == null || gif.frameCount() < 2) && png == null && webp == null) {
            return 0;
        }
        if (gif != null) {
            gif.requireWithin(limits);
        }
        ImageReader reader = readerFor(format);
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            deadline.watch(reader);
            if (gif != null) {
                reader.setInput(input, false, true);
                gif.composite(reader, deadline, eachFrame);
                return gif.frameCount();
            }
            if (png != null) {
                png.composite(bytes, reader, deadline, eachFrame);
                return png.frameCount();
            }
            reader.setInput(input, false, true);
            webp.composite(reader, deadline, eachFrame);
            return webp.frameCount();
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            rethrowLimitReached(e);
            throw new ImageDecodeException(Reason.CORRUPT,
                    "the animated " + format + " image cannot be decoded: " + describe(e), e);
        } finally {
            reader.dispose();
        }
    }

    private RgbImage readPixels(byte[] bytes, ImageFormat format, DecodeDeadline deadline) {
        ImageReader reader = readerFor(format);
        TruncationListener truncation = new TruncationListener();
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            boolean gif = format == ImageFormat.GIF;
            // a GIF's metadata holds its logical screen and the first frame's offset
            reader.setInput(input, true, !gif);
            reader.addIIOReadWarningListener(truncation);
            deadline.watch(reader);
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
