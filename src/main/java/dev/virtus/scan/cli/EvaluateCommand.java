package dev.virtus.scan.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import dev.virtus.scan.cli.LabelledFolder.LabelledImage;
import dev.virtus.scan.config.VirtusConfig;

/** {@code virtus evaluate DIR}: the model's metrics on a folder of labelled images. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Measures the model on labelled images: DIR holds one sub-folder per label (real/, fake/...).",
                "Prints accuracy, the classification report, the confusion matrix, ROC AUC and the threshold for a target false-positive rate.",
                "Exit code: 0 if every image was classified, 1 if some could not be, 2 if nothing ran."})
final class EvaluateCommand implements Callable<Integer> {

    @Mixin
    private SettingsOptions settings;

    @Option(names = "--target-fpr", paramLabel = "RATE", defaultValue = "0.01",
            description = "False-positive rate to find the lowest threshold for (default: ${DEFAULT-VALUE}).")
    private double targetFpr;

    @Option(names = "--json", description = "One JSON document on stdout instead of text.")
    private boolean json;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Also write a self-contained HTML report with the confusion matrix and the ROC curve.")
    private Path report;

    @Parameters(paramLabel = "DIR", description = "Folder with one sub-folder of images per label.")
    private Path folder;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        if (!(targetFpr >= 0 && targetFpr <= 1)) {
            throw new ParameterException(spec.commandLine(), "--target-fpr must lie in [0, 1], got " + targetFpr);
        }
        VirtusConfig config = Settings.load(settings.overrides());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (LoadedModel model = LoadedModel.load(config)) {
            List<LabelledImage> images = LabelledFolder.read(folder, model.bundle().labels());
            Map<Path, Integer> labelOf = new HashMap<>();
            images.forEach(image -> labelOf.put(image.file(), image.label()));
            EvaluationCollector collector = new EvaluationCollector(model, config.threshold(), targetFpr, images.size());
            ProgressBar progress = ProgressBar.onConsole(err, images.size());
            try (BatchClassifier classifier = new BatchClassifier(model);
                    SummaryOnExit summary = new SummaryOnExit(interrupted -> print(collector.evaluation(interrupted), out, err))) {
                classifier.classify(images.stream().map(LabelledImage::file).toList(), file -> {
                    collector.add(file, labelOf.get(file.path()));
                    if (!file.classified()) {
                        progress.above(() -> err.println("not classified: " + ClassifyCommand.line(file)));
                    }
                    progress.step();
                });
                progress.finish();
                summary.completed();
            }
            return collector.allClassified() ? VirtusCommand.EXIT_ALL_CLASSIFIED : VirtusCommand.EXIT_SOME_FAILED;
        }
    }

    private void print(Evaluation evaluation, PrintWriter out, PrintWriter err) {
        out.println(json ? Json.write(evaluation) : EvaluationText.render(evaluation));
        out.flush();
        if (report != null && evaluation.metrics() != null) {
            try {
                Files.writeString(report, HtmlReport.render(evaluation), StandardCharsets.UTF_8);
                err.println("Wrote " + report);
            } catch (IOException e) {
                err.println("cannot write the report to " + report + ": " + e);
            }
            err.flush();
        }
    }
}
