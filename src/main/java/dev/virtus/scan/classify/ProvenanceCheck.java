package dev.virtus.scan.classify;

import java.util.Optional;
import java.util.function.Function;

import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.config.VirtusConfig.Provenance.Policy;
import dev.virtus.scan.provenance.Provenance;
import dev.virtus.scan.provenance.ProvenanceReader;

/**
 * Reads provenance before the model and applies {@code virtus.provenance.policy}: by default the verdict stays the
 * model's and provenance rides beside it. A camera signature never makes an image REAL unless the user both trusts
 * its signer's root and asked for it ({@code trusted-capture-is-real}): anyone can sign with a certificate they made.
 */
public final class ProvenanceCheck {

    /** The status words a policy decision uses, as the default labels ({@code fake}, {@code real}) give them. */
    static final String FAKE = "FAKE";
    static final String REAL = "REAL";

    private final ProvenanceReader reader;
    private final Policy policy;

    public ProvenanceCheck(ProvenanceReader reader, Policy policy, boolean anchorsConfigured) {
        if (policy == Policy.TRUSTED_CAPTURE_IS_REAL && !anchorsConfigured) {
            throw new IllegalArgumentException("virtus.provenance.policy=trusted-capture-is-real needs "
                    + "virtus.provenance.trust-anchors: without them any self-made certificate would pass");
        }
        this.reader = reader;
        this.policy = policy;
    }

    /** @throws IllegalArgumentException when the trust anchors cannot be read or the policy needs them */
    public static ProvenanceCheck from(VirtusConfig.Provenance config) {
        ProvenanceReader reader = ProvenanceReader.from(config);
        return new ProvenanceCheck(reader, config.policy(), reader.anchorsConfigured());
    }

    public Provenance read(byte[] encoded) {
        return reader.read(encoded);
    }

    /** The status the policy gives this provenance without the model; empty when the model decides. */
    public Optional<ClassificationResult> decide(Provenance provenance, String modelName) {
        if (policy != Policy.REPORT && provenance.validAiDeclaration()) {
            return Optional.of(ClassificationResult.decidedByProvenance(FAKE, provenance, modelName));
        }
        if (policy == Policy.TRUSTED_CAPTURE_IS_REAL && provenance.trustedCapture()) {
            return Optional.of(ClassificationResult.decidedByProvenance(REAL, provenance, modelName));
        }
        return Optional.empty();
    }

    /** Provenance, then the policy's decision or the model's verdict with provenance beside it. */
    public ClassificationResult classify(byte[] encoded, Function<byte[], ClassificationResult> model, String modelName) {
        Provenance provenance = read(encoded);
        return decide(provenance, modelName).orElseGet(() -> model.apply(encoded).withProvenance(provenance));
    }
}
