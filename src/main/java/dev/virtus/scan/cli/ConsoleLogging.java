package dev.virtus.scan.cli;

import java.util.logging.Level;
import java.util.logging.Logger;

/** The core's start-up messages (model loaded, threads) are for servers; on a terminal only warnings show. */
final class ConsoleLogging {

    private ConsoleLogging() {
    }

    static void quiet() {
        // Without Quarkus' log manager, JBoss Logging would pick a backend by probing the class path.
        System.setProperty("org.jboss.logging.provider", System.getProperty("org.jboss.logging.provider", "jdk"));
        Logger.getLogger("").setLevel(Level.WARNING);
    }
}
