package dev.virtus.scan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.virtus.scan.Fixtures;

/** The command line reports provenance beside the model's verdict, and {@code evaluate} counts where they agree. */
class ProvenanceCommandTest {

    private static final Path C2PA = Fixtures.ROOT.resolve("c2pa");
    private static final String MODEL = Fixtures.MODELS.resolve("deit-tiny-standin").toString();

    @Test
    void should_print_the_summary_after_the_verdict_and_the_whole_block_with_json(@TempDir Path folder) throws IOException {
        Files.copy(C2PA.resolve("jpeg-ai-created.jpg"), folder.resolve("generated.jpg"));
        Files.copy(C2PA.resolve("jpeg-camera-capture.jpg"), folder.resolve("camera.jpg"));

        CliRun text = CliRun.of("classify", "--model", MODEL, folder.toString());
        CliRun json = CliRun.of("classify", "--json", "--model", MODEL, folder.resolve("generated.jpg").toString());

        assertEquals(0, text.exitCode(), text::toString);
        assertTrue(text.outLines().stream().anyMatch(l -> l.contains("generated.jpg") && l.endsWith("  provenance ai-declared")),
                text::toString);
        assertTrue(text.outLines().stream().anyMatch(l -> l.contains("camera.jpg") && l.endsWith("  provenance camera-signed")),
                text::toString);
        JsonNode c2pa = new ObjectMapper().readTree(json.outLines().get(0)).get("provenance").get("c2pa");
        assertTrue(c2pa.get("valid").asBoolean(), json::toString);
        assertEquals("virtus-test-signer", c2pa.get("signer").asText(), json::toString);
        assertEquals("c2pa.created", c2pa.get("actions").get(0).get("action").asText(), json::toString);
    }

    @Test
    void should_count_how_often_the_model_agrees_with_the_provenance_when_evaluating(@TempDir Path folder) throws IOException {
        Files.createDirectories(folder.resolve("fake"));
        Files.createDirectories(folder.resolve("real"));
        Files.copy(C2PA.resolve("jpeg-ai-created.jpg"), folder.resolve("fake/generated.jpg"));
        Files.copy(C2PA.resolve("png-ai-created.png"), folder.resolve("fake/generated.png"));
        Files.copy(C2PA.resolve("jpeg-camera-capture.jpg"), folder.resolve("real/camera.jpg"));
        CliRun verdicts = CliRun.of("classify", "--json", "--model", MODEL, folder.resolve("fake").toString());
        long modelSaysFake = verdicts.outLines().stream().filter(l -> l.contains("\"status\":\"FAKE\"")).count();

        CliRun run = CliRun.of("evaluate", "--model", MODEL, folder.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Provenance ai-declared: 2 images, the model agrees on " + modelSaysFake), run::toString);
        assertTrue(run.out().contains("Provenance camera-signed: 1 images, the model agrees on "), run::toString);
    }
}
