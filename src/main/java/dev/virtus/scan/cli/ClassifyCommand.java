package dev.virtus.scan.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import dev.virtus.scan.classify.ClassificationResult;
import dev.virtus.scan.provenance.Provenance;

/** {@code virtus classify FILE|DIR...}: one line per image, then a summary. */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = {"Classifies image files, searching folders recursively.",
                "Exit code: 0 if every image was classified, 1 if some could not be, 2 if nothing ran."})
final class ClassifyCommand implements Callable<Integer> {

    @Mixin
    private SettingsOptions settings;

    @Option(names = "--json", description = "JSON Lines on stdout: the classify function's answer plus \"path\"; the summary goes to stderr.")
    private boolean json;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Images, or folders of images.")
    private List<Path> paths;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        List<Path> files = ImageFiles.find(paths);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Tally tally = new Tally(files.size());
        ProgressBar progress = ProgressBar.onConsole(err, files.size());
        try (LoadedModel model = LoadedModel.load(Settings.load(settings.overrides()));
                BatchClassifier classifier = new BatchClassifier(model);
                SummaryOnExit summary = new SummaryOnExit(interrupted -> (json ? err : out).println(tally.describe(interrupted)))) {
            classifier.classify(files, file -> {
                tally.add(file);
                progress.above(() -> {
                    out.println(json ? Json.write(file) : line(file));
                    out.flush();
                });
                progress.step();
            });
            progress.finish();
            summary.completed();
        }
        return tally.failed() == 0 ? VirtusCommand.EXIT_ALL_CLASSIFIED : VirtusCommand.EXIT_SOME_FAILED;
    }

    /**
     * {@code path  STATUS  score  label}, or {@code path  STATUS  reason} for a file that was not classified; with
     * {@code --faces crop|require} followed by the faces found ({@code 2 faces}, {@code no face: whole image}); then
     * the provenance summary ({@code provenance ai-declared}) unless it is {@code none}.
     */
    static String line(ClassifiedFile file) {
        String summary = file.result().provenanceSummary();
        return modelLine(file) + (summary == null || summary.equals(Provenance.NONE) ? "" : "  provenance " + summary);
    }

    private static String modelLine(ClassifiedFile file) {
        ClassificationResult result = file.result();
        if (!file.classified()) {
            return file.path() + "  " + result.status() + "  " + result.reason();
        }
        String line = String.format(Locale.ROOT, "%s  %s  %.4f  %s", file.path(), result.status(), result.score(), result.label());
        if (result.faces() == null) {
            return line;
        }
        int found = result.faces().found();
        return line + "  " + (result.faces().wholeImage() ? "no face: whole image" : found + (found == 1 ? " face" : " faces"));
    }
}
