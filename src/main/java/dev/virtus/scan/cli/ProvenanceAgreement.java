package dev.virtus.scan.cli;

import dev.virtus.scan.provenance.Provenance;

/**
 * For the images whose provenance says one thing ({@code ai-declared}, {@code camera-signed}, ...): how many there
 * are and on how many the model's verdict agrees with it (the positive label for an AI declaration, another label
 * for a camera signature; {@code invalid} has nothing to agree with).
 */
record ProvenanceAgreement(String summary, int images, Integer modelAgrees) {

    static ProvenanceAgreement none(String summary) {
        return new ProvenanceAgreement(summary, 0, comparable(summary) ? 0 : null);
    }

    ProvenanceAgreement add(boolean modelSaysPositive) {
        if (modelAgrees == null) {
            return new ProvenanceAgreement(summary, images + 1, null);
        }
        boolean agrees = summary.equals(Provenance.CAMERA_SIGNED) ? !modelSaysPositive : modelSaysPositive;
        return new ProvenanceAgreement(summary, images + 1, modelAgrees + (agrees ? 1 : 0));
    }

    private static boolean comparable(String summary) {
        return summary.equals(Provenance.AI_DECLARED) || summary.equals(Provenance.AI_EDITED)
                || summary.equals(Provenance.CAMERA_SIGNED);
    }
}
