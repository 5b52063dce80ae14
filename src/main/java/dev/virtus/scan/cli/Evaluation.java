package dev.virtus.scan.cli;

import java.util.List;

/**
 * What {@code evaluate} reports.
 *
 * @param images image files found in the labelled folder
 * @param interrupted whether the run was stopped (Ctrl-C) before every image was classified
 * @param notClassified files that could not be read or are not images we accept; not in the metrics
 * @param metrics over the classified images; absent when there are none
 * @param provenance per provenance summary other than {@code none}, among the classified images: how often the
 *        model agrees with what the image says of itself
 */
record Evaluation(String model, String positiveLabel, double threshold, double targetFpr, int images, boolean interrupted,
        List<ClassifiedFile> notClassified, ModelQuality metrics, List<ProvenanceAgreement> provenance) {
}
