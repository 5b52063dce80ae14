package dev.virtus.scan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.faces.FaceFixtures;

/** {@code --faces MODE}: the same images judged whole, by their faces, or only when they show one. */
class ClassifyFacesCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    private Path images() throws IOException {
        Path images = Files.createDirectories(folder.resolve("images"));
        Files.copy(FaceFixtures.FACES.resolve("faces-group.png"), images.resolve("a-group.png"));
        Files.copy(Fixtures.IMAGES.resolve("png-noise-200x200.png"), images.resolve("b-noise.png"));
        return images;
    }

    private String export() {
        return FaceFixtures.exportWithFaces(Fixtures.MODELS.resolve("deit-tiny-standin"), folder.resolve("export")).toString();
    }

    @Test
    void should_name_the_faces_found_or_the_whole_image_in_crop_mode() throws IOException {
        CliRun run = CliRun.of("classify", "--faces", "crop", "--model", export(), images().toString());

        assertEquals(VirtusCommand.EXIT_ALL_CLASSIFIED, run.exitCode(), run::toString);
        List<String> lines = run.outLines();
        assertTrue(lines.get(0).matches(".*a-group\\.png  FAKE  0\\.\\d{4}  Fake  5 faces"), lines.get(0));
        assertTrue(lines.get(1).matches(".*b-noise\\.png  \\w+  0\\.\\d{4}  \\w+  no face: whole image"), lines.get(1));
    }

    @Test
    void should_answer_no_face_for_an_image_without_one_in_require_mode() throws IOException {
        CliRun run = CliRun.of("classify", "--json", "--faces", "require", "--model", export(), images().toString());

        assertEquals(VirtusCommand.EXIT_SOME_FAILED, run.exitCode(), run::toString);
        JsonNode group = JSON.readTree(run.outLines().get(0));
        JsonNode noise = JSON.readTree(run.outLines().get(1));
        assertEquals("require", group.get("faces").get("mode").asText());
        assertEquals(5, group.get("faces").get("judged").size());
        assertEquals("NO_FACE", noise.get("status").asText());
        assertEquals(0, noise.get("faces").get("found").asInt());
    }

    @Test
    void should_say_how_to_get_a_face_detector_when_the_export_has_none() throws IOException {
        CliRun run = CliRun.of("classify", "--faces", "crop", "--model", Fixtures.MODELS.resolve("deit-tiny-standin").toString(),
                images().toString());

        assertTrue(run.err().contains("model/export.py --faces"), run::toString);
    }
}
