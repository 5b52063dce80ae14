package dev.virtus.scan.cli;

import java.util.ArrayList;
import java.util.List;

/** Gathers outcomes as they arrive; read by the Ctrl-C summary too, hence synchronized. */
final class EvaluationCollector {

    private final LoadedModel model;
    private final double threshold;
    private final double targetFpr;
    private final int images;
    private final int positive;
    private final List<ModelQuality.Sample> samples = new ArrayList<>();
    private final List<ClassifiedFile> notClassified = new ArrayList<>();

    EvaluationCollector(LoadedModel model, double threshold, double targetFpr, int images) {
        this.model = model;
        this.threshold = threshold;
        this.targetFpr = targetFpr;
        this.images = images;
        this.positive = model.bundle().labels().indexOf(model.classifier().positiveLabel());
    }

    synchronized void add(ClassifiedFile file, int actual) {
        if (file.classified()) {
            int predicted = model.bundle().labels().indexOf(file.result().label());
            samples.add(new ModelQuality.Sample(actual, predicted, file.result().score()));
        } else {
            notClassified.add(file);
        }
    }

    synchronized boolean allClassified() {
        return notClassified.isEmpty();
    }

    synchronized Evaluation evaluation(boolean interrupted) {
        ModelQuality metrics = samples.isEmpty() ? null : ModelQuality.of(model.bundle().labels(), positive, samples, targetFpr);
        return new Evaluation(model.bundle().displayName(), model.classifier().positiveLabel(), threshold, targetFpr, images, interrupted,
                List.copyOf(notClassified), metrics);
    }
}
