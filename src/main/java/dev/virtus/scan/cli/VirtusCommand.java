package dev.virtus.scan.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParseResult;

import dev.virtus.scan.model.ModelBundleException;
import io.smallrye.config.ConfigValidationException;

/**
 * The command line: the classification core, the model bundle and the {@code virtus.*} settings of the
 * Lambda functions, run over local files. It never boots Quarkus, whose main runs the Lambda loop.
 */
@Command(name = "virtus", mixinStandardHelpOptions = true, versionProvider = VirtusCommand.Version.class,
        description = "Classifies images as real or fake with the model and settings of the Virtus Lambda functions.",
        subcommands = {ClassifyCommand.class, EvaluateCommand.class, ScanCommand.class, HelpCommand.class})
public final class VirtusCommand {

    /** Every image was classified. */
    static final int EXIT_ALL_CLASSIFIED = 0;
    /** The run completed, but some files could not be read or are not images we accept. */
    static final int EXIT_SOME_FAILED = 1;
    /** Nothing was classified: bad usage, bad settings or an unusable model (picocli's usage code too). */
    static final int EXIT_NOT_RUN = CommandLine.ExitCode.USAGE;

    public static void main(String[] args) {
        ConsoleLogging.quiet();
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new VirtusCommand()).setExecutionExceptionHandler(VirtusCommand::reportFailure);
    }

    private static int reportFailure(Exception e, CommandLine command, ParseResult parsed) {
        if (e instanceof CliException || e instanceof ModelBundleException || e instanceof ConfigValidationException
                || e instanceof IllegalArgumentException) {
            command.getErr().println(command.getColorScheme().errorText("virtus " + command.getCommandName() + ": " + e.getMessage()));
        } else {
            e.printStackTrace(command.getErr());
        }
        return EXIT_NOT_RUN;
    }

    /** The version Maven wrote into the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = VirtusCommand.class.getPackage().getImplementationVersion();
            return new String[] {"virtus " + (version == null ? "(unpackaged build)" : version)};
        }
    }
}
