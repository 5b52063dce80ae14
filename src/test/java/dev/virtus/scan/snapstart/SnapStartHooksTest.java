package dev.virtus.scan.snapstart;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.infer.OnnxSession;
import dev.virtus.scan.model.ModelBundle;
import dev.virtus.scan.model.ModelBundleReader;

class SnapStartHooksTest {

    @Test
    void should_prime_the_session_before_a_checkpoint_and_leave_it_usable_after_restore() {
        ModelBundle bundle = ModelBundleReader.read(Fixtures.MODELS.resolve("deit-tiny-standin"), "model.onnx", Optional.empty());
        try (OnnxSession session = new OnnxSession(bundle, 1, false)) {
            SnapStartHooks hooks = new SnapStartHooks(session, bundle);

            assertDoesNotThrow(() -> hooks.beforeCheckpoint(null));
            assertDoesNotThrow(() -> hooks.afterRestore(null));
            assertTrue(session.isOpen());
        }
    }
}
