package dev.virtus.scan.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * One line on stderr, redrawn in place: images done, images per second and time left. Draws nothing
 * unless enabled, which {@link #onConsole} does only when the process runs in a terminal.
 */
final class ProgressBar {

    private static final long REDRAW_INTERVAL_NANOS = 100_000_000L;
    private static final int BAR_WIDTH = 30;

    private final PrintWriter err;
    private final int total;
    private final boolean enabled;
    private final LongSupplier nanoTime;
    private final long started;
    private int done;
    private long lastDrawn;
    private int drawnLength;

    ProgressBar(PrintWriter err, int total, boolean enabled, LongSupplier nanoTime) {
        this.err = err;
        this.total = total;
        this.enabled = enabled;
        this.nanoTime = nanoTime;
        this.started = nanoTime.getAsLong();
        this.lastDrawn = started - REDRAW_INTERVAL_NANOS;
    }

    static ProgressBar onConsole(PrintWriter err, int total) {
        return new ProgressBar(err, total, System.console() != null, System::nanoTime);
    }

    synchronized void step() {
        done++;
        long now = nanoTime.getAsLong();
        if (enabled && (now - lastDrawn >= REDRAW_INTERVAL_NANOS || done == total)) {
            draw(render(done, total, now - started));
            lastDrawn = now;
        }
    }

    /** Prints through {@code print} (which writes whole lines to the terminal) without tearing the bar. */
    synchronized void above(Runnable print) {
        if (enabled && drawnLength > 0) {
            clear();
            print.run();
            draw(render(done, total, nanoTime.getAsLong() - started));
        } else {
            print.run();
        }
    }

    synchronized void finish() {
        if (enabled && drawnLength > 0) {
            clear();
        }
    }

    static String render(int done, int total, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        int filled = total == 0 ? BAR_WIDTH : (int) ((long) BAR_WIDTH * done / total);
        String eta = rate > 0 ? clock(Math.round((total - done) / rate)) : "--:--";
        return String.format(Locale.ROOT, "[%s%s] %d/%d images  %.1f images/s  ETA %s",
                "#".repeat(filled), "-".repeat(BAR_WIDTH - filled), done, total, rate, eta);
    }

    private static String clock(long seconds) {
        return seconds >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    private void draw(String line) {
        err.print('\r' + line + " ".repeat(Math.max(0, drawnLength - line.length())));
        err.flush();
        drawnLength = line.length();
    }

    private void clear() {
        err.print('\r' + " ".repeat(drawnLength) + '\r');
        err.flush();
        drawnLength = 0;
    }
}
