package dev.virtus.scan.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Prints a run's summary once: when the run completes, or, on Ctrl-C, from a shutdown hook with what was
 * done so far. The summary is handed {@code true} when the run was interrupted.
 */
final class SummaryOnExit implements AutoCloseable {

    private final AtomicBoolean printed = new AtomicBoolean();
    private final Consumer<Boolean> printSummary;
    private final Thread hook;

    SummaryOnExit(Consumer<Boolean> printSummary) {
        this.printSummary = printSummary;
        this.hook = new Thread(() -> printOnce(true), "virtus-summary");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    void completed() {
        printOnce(false);
    }

    private void printOnce(boolean interrupted) {
        if (printed.compareAndSet(false, true)) {
            printSummary.accept(interrupted);
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or has run: nothing to undo.
        }
    }
}
