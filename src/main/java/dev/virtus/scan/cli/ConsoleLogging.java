package dev.virtus.scan.cli;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/** The core's start-up messages (model loaded, threads) are for servers; on a terminal only warnings show. */
final class ConsoleLogging {

    private ConsoleLogging() {
    }

    static void quiet() {
        // Without Quarkus' log manager, JBoss Logging would pick a backend by probing the class path.
        System.setProperty("org.jboss.logging.provider", System.getProperty("org.jboss.logging.provider", "jdk"));
        // The AWS SDK logs through System.Logger, which jboss-logmanager's LoggerFinder serves; that finder
        // complains on stderr unless java.util.logging runs on jboss-logmanager too. Its root then holds Quarkus'
        // delayed handler, which buffers until Quarkus configures logging: never, outside Quarkus.
        System.setProperty("java.util.logging.manager", System.getProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager"));
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        root.addHandler(new ConsoleHandler(ConsoleHandler.Target.SYSTEM_ERR, new PatternFormatter("%-5p [%c] %s%e%n")));
        root.setLevel(Level.WARNING);
    }
}
