package dev.virtus.scan.classify;

import static dev.virtus.scan.provenance.C2paGoldenTest.C2PA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.provenance.C2paGoldenTest;
import dev.virtus.scan.provenance.ProvenanceReader;
import dev.virtus.scan.provenance.TrustAnchors;
import dev.virtus.scan.config.VirtusConfig.Provenance.Policy;

class ProvenanceCheckTest {

    private final AtomicInteger modelCalls = new AtomicInteger();
    /** The model's answer: REAL, whatever the image, so that a FAKE can only come from provenance. */
    private final Function<byte[], ClassificationResult> model = bytes -> {
        modelCalls.incrementAndGet();
        return new ClassificationResult("REAL", "real", 0.1, null, "m@1", 64, 48, null, null);
    };

    private ClassificationResult classify(Policy policy, String fixture) {
        var check = new ProvenanceCheck(C2paGoldenTest.testCaReader(), policy, true);
        return check.classify(Fixtures.bytes(C2PA.resolve(fixture)), model, "m@1");
    }

    @Test
    void should_keep_the_models_verdict_and_report_provenance_beside_it_when_the_policy_is_report() {
        ClassificationResult result = classify(Policy.REPORT, "jpeg-ai-created.jpg");

        assertEquals("REAL", result.status());
        assertEquals("ai-declared", result.provenanceSummary());
        assertNull(result.decidedBy());
        assertEquals(1, modelCalls.get());
    }

    @Test
    void should_call_it_fake_without_the_model_when_a_valid_manifest_declares_ai_and_the_policy_says_so() {
        ClassificationResult result = classify(Policy.DECLARED_AI_IS_FAKE, "jpeg-ai-created.jpg");

        assertEquals("FAKE", result.status());
        assertEquals("provenance", result.decidedBy());
        assertEquals(0, modelCalls.get());
    }

    @Test
    void should_ask_the_model_when_the_ai_declaration_no_longer_matches_the_content() {
        ClassificationResult result = classify(Policy.DECLARED_AI_IS_FAKE, "jpeg-pixels-changed.jpg");

        assertEquals("REAL", result.status());
        assertEquals("invalid", result.provenanceSummary());
        assertEquals(1, modelCalls.get());
    }

    @Test
    void should_ask_the_model_when_only_unsigned_iptc_declares_ai() {
        assertEquals("REAL", classify(Policy.DECLARED_AI_IS_FAKE, "jpeg-iptc-ai.jpg").status());
        assertEquals(1, modelCalls.get());
    }

    @Test
    void should_not_let_a_camera_signature_decide_when_the_policy_is_declared_ai_is_fake() {
        ClassificationResult result = classify(Policy.DECLARED_AI_IS_FAKE, "jpeg-camera-capture.jpg");

        assertEquals("camera-signed", result.provenanceSummary());
        assertNull(result.decidedBy());
        assertEquals(1, modelCalls.get());
    }

    @Test
    void should_call_a_trusted_capture_real_when_the_policy_is_trusted_capture_is_real() {
        ClassificationResult result = classify(Policy.TRUSTED_CAPTURE_IS_REAL, "jpeg-camera-capture.jpg");

        assertEquals("REAL", result.status());
        assertEquals("provenance", result.decidedBy());
        assertEquals(0, modelCalls.get());
    }

    @Test
    void should_refuse_trusted_capture_is_real_when_no_trust_anchor_is_configured() {
        var reader = new ProvenanceReader(TrustAnchors.NONE, C2paGoldenTest.GOLDENS_DAY);

        var refused = assertThrows(IllegalArgumentException.class,
                () -> new ProvenanceCheck(reader, Policy.TRUSTED_CAPTURE_IS_REAL, false));
        assertTrue(refused.getMessage().contains("virtus.provenance.trust-anchors"));
    }
}
