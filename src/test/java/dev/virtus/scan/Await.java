package dev.virtus.scan;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for what a running service does on its own threads: polls a condition until it holds or the time is up. */
public final class Await {

    private Await() {
    }

    /** @throws AssertionError naming {@code what} when {@code condition} does not hold within {@code timeout} */
    public static void until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
