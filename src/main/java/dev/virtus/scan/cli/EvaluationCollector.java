package dev.virtus.scan.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.virtus.scan.provenance.Provenance;

/** Gathers outcomes as they arrive; read by the Ctrl-C summary too, hence synchronized. */
final class EvaluationCollector {

    private final LoadedModel model;
    private final double threshold;
    private final double targetFpr;
    private final int images;
    private final int positive;
    private final List<ModelQuality.Sample> samples = new ArrayList<>();
    private final List<ClassifiedFile> notClassified = new ArrayList<>();
    private final Map<String, ProvenanceAgreement> provenance = new TreeMap<>();

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
            String summary = file.result().provenanceSummary();
            if (summary != null && !summary.equals(Provenance.NONE)) {
                provenance.put(summary, provenance.getOrDefault(summary, ProvenanceAgreement.none(summary)).add(predicted == positive));
            }
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
                List.copyOf(notClassified), metrics, List.copyOf(provenance.values()));
    }
}
