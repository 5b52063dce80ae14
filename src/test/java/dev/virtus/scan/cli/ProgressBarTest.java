package dev.virtus.scan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void should_show_images_done_rate_and_time_left() {
        // 25 of 100 in 5 s: 5 images/s, 75 left -> 15 s
        String line = ProgressBar.render(25, 100, 5_000_000_000L);

        assertEquals("[#######-----------------------] 25/100 images  5.0 images/s  ETA 0:15", line);
    }

    @Test
    void should_draw_in_place_and_clear_when_finished() {
        StringWriter err = new StringWriter();
        AtomicLong clock = new AtomicLong();
        ProgressBar bar = new ProgressBar(new PrintWriter(err), 2, true, clock::get);

        clock.set(1_000_000_000L);
        bar.step();
        clock.set(2_000_000_000L);
        bar.step();
        bar.finish();

        assertTrue(err.toString().startsWith("\r[###############---------------] 1/2 images  1.0 images/s  ETA 0:01"), err::toString);
        assertTrue(err.toString().contains("\r[##############################] 2/2 images  1.0 images/s  ETA 0:00"), err::toString);
        assertTrue(err.toString().endsWith("\r"), err::toString);
    }

    @Test
    void should_print_nothing_when_disabled() {
        StringWriter err = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(err), 3, false, System::nanoTime);

        bar.step();
        bar.above(() -> err.write("line\n"));
        bar.finish();

        assertEquals("line\n", err.toString());
    }
}
