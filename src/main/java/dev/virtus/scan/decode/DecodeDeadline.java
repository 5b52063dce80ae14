package dev.virtus.scan.decode;

import java.awt.image.BufferedImage;
import java.time.Duration;

import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadProgressListener;
import javax.imageio.event.IIOReadUpdateListener;

import dev.virtus.scan.decode.ImageDecodeException.Reason;

/**
 * Stops a reader that runs past {@code virtus.decode.timeout}, from the reader's own callbacks (every row, pass or
 * progress step): the exception thrown there ends the read. {@link ImageReader#abort()} from a watchdog thread does
 * not serve: the JDK's JPEG reader refuses calls from another thread while it reads, and goes on through the
 * remaining progressive scans when aborted.
 */
final class DecodeDeadline implements IIOReadUpdateListener, IIOReadProgressListener {

    private final ImageFormat format;
    private final Duration timeout;
    private final long deadlineNanos;

    DecodeDeadline(ImageFormat format, Duration timeout) {
        this.format = format;
        this.timeout = timeout;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    void watch(ImageReader reader) {
        reader.addIIOReadUpdateListener(this);
        reader.addIIOReadProgressListener(this);
    }

    /** Refuses going on past the deadline; also called between the frames of an animation. */
    void check() {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new ImageDecodeException(Reason.OVER_LIMIT, "decoding the " + format + " image took longer than "
                    + timeout.toMillis() + " ms (virtus.decode.timeout)");
        }
    }

    @Override
    public void passStarted(ImageReader source, BufferedImage image, int pass, int minPass, int maxPass, int minX,
            int minY, int periodX, int periodY, int[] bands) {
        check();
    }

    @Override
    public void imageUpdate(ImageReader source, BufferedImage image, int minX, int minY, int width, int height,
            int periodX, int periodY, int[] bands) {
        check();
    }

    @Override
    public void passComplete(ImageReader source, BufferedImage image) {
        check();
    }

    @Override
    public void imageProgress(ImageReader source, float percentageDone) {
        check();
    }

    @Override
    public void thumbnailPassStarted(ImageReader source, BufferedImage thumbnail, int pass, int minPass, int maxPass,
            int minX, int minY, int periodX, int periodY, int[] bands) {
    }

    @Override
    public void thumbnailUpdate(ImageReader source, BufferedImage thumbnail, int minX, int minY, int width, int height,
            int periodX, int periodY, int[] bands) {
    }

    @Override
    public void thumbnailPassComplete(ImageReader source, BufferedImage thumbnail) {
    }

    @Override
    public void sequenceStarted(ImageReader source, int minIndex) {
    }

    @Override
    public void sequenceComplete(ImageReader source) {
    }

    @Override
    public void imageStarted(ImageReader source, int imageIndex) {
    }

    @Override
    public void imageComplete(ImageReader source) {
    }

    @Override
    public void thumbnailStarted(ImageReader source, int imageIndex, int thumbnailIndex) {
    }

    @Override
    public void thumbnailProgress(ImageReader source, float percentageDone) {
    }

    @Override
    public void thumbnailComplete(ImageReader source) {
    }

    @Override
    public void readAborted(ImageReader source) {
    }
}
