package dev.virtus.scan.cli;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** How many files got each status so far; shared with the Ctrl-C summary, hence synchronized. */
final class Tally {

    private final int total;
    private final long started = System.nanoTime();
    private final Map<String, Integer> byStatus = new TreeMap<>();
    private int done;
    private int failed;

    Tally(int total) {
        this.total = total;
    }

    void add(ClassifiedFile file) {
        add(file.result().status(), !file.classified());
    }

    synchronized void add(String status, boolean failure) {
        byStatus.merge(status, 1, Integer::sum);
        done++;
        if (failure) {
            failed++;
        }
    }

    synchronized int failed() {
        return failed;
    }

    private static String images(int count) {
        return count + (count == 1 ? " image" : " images");
    }

    /** E.g. {@code 31 images: 1 UNSUPPORTED, 12 FAKE, 18 REAL in 2.1 s (14.8 images/s)}. */
    synchronized String describe(boolean interrupted) {
        double seconds = (System.nanoTime() - started) / 1e9;
        String counts = byStatus.entrySet().stream()
                .map(entry -> entry.getValue() + " " + entry.getKey())
                .collect(Collectors.joining(", "));
        String images = interrupted ? "Interrupted after " + done + " of " + images(total) : images(done);
        return String.format(Locale.ROOT, "%s: %s in %.1f s (%.1f images/s)", images, counts.isEmpty() ? "none classified" : counts,
                seconds, seconds > 0 ? done / seconds : 0);
    }
}
