package dev.virtus.scan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.Goldens;
import dev.virtus.scan.classify.ClassificationResult;

class ClassifyCommandTest {

    /** Lossy WebP decodes within 16 levels of libwebp (see ImageClassifierGoldenTest), so its score differs more. */
    private static final String LOSSY_WEBP = "webp-lossy.webp";
    private static final double LOSSY_WEBP_SCORE_TOLERANCE = 0.02;
    private static final double SCORE_TOLERANCE = 1e-4;

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"deit-tiny-standin", "vit-tiny-standin"})
    void should_print_the_golden_label_and_score_of_every_fixture_as_json_lines(String model) throws IOException {
        Map<String, Goldens.Case> goldens = Goldens.index().cases().stream()
                .filter(c -> c.model().equals(model))
                .collect(Collectors.toMap(Goldens.Case::image, Function.identity()));

        CliRun run = CliRun.of("classify", "--json", "--model", Fixtures.MODELS.resolve(model).toString(), Fixtures.IMAGES.toString());

        assertEquals(0, run.exitCode(), run::toString);
        List<String> lines = run.outLines();
        assertEquals(goldens.size(), lines.size(), run::toString);
        for (String line : lines) {
            JsonNode result = JSON.readTree(line);
            String image = Path.of(result.get("path").asText()).getFileName().toString();
            Goldens.Case golden = goldens.get(image);
            double tolerance = image.equals(LOSSY_WEBP) ? LOSSY_WEBP_SCORE_TOLERANCE : SCORE_TOLERANCE;
            String positive = golden.probabilities().keySet().stream().filter(l -> l.equalsIgnoreCase("fake")).findFirst().orElseThrow();

            Set<String> fields = classifiedFields();
            if (result.has("frames")) {
                // the pipeline's golden is the first frame's; every frame is judged and the most fake decides
                assertTrue(result.get("score").asDouble() >= golden.probabilities().get(positive) - tolerance, image);
                assertEquals(result.get("frames").get("count").asInt(), result.get("frames").get("judged").asInt(), image);
                fields.add("frames");
            } else {
                assertEquals(golden.label(), result.get("label").asText(), image);
                assertEquals(golden.label().toUpperCase(), result.get("status").asText(), image);
                assertEquals(golden.probabilities().get(positive), result.get("score").asDouble(), tolerance, image);
                golden.probabilities().forEach((label, p) ->
                        assertEquals(p, result.get("probabilities").get(label).asDouble(), tolerance, image + " " + label));
            }
            assertEquals(fields, fieldNames(result), image);
        }
    }

    @Test
    void should_report_a_corrupt_file_and_classify_the_rest_with_exit_code_1(@TempDir Path folder) throws IOException {
        Files.copy(Fixtures.IMAGES.resolve("png-rgb.png"), folder.resolve("a.png"));
        Files.copy(Fixtures.BAD.resolve("truncated.jpg"), folder.resolve("b.jpg"));
        Files.copy(Fixtures.IMAGES.resolve("jpeg-444.jpg"), folder.resolve("c.jpg"));

        CliRun run = CliRun.of("classify", "--model", deit(), folder.toString());

        assertEquals(VirtusCommand.EXIT_SOME_FAILED, run.exitCode(), run::toString);
        List<String> lines = run.outLines();
        assertEquals(4, lines.size(), run::toString);
        assertTrue(lines.get(0).matches(".*a\\.png  REAL  0\\.31\\d\\d  Real"), lines.get(0));
        assertTrue(lines.get(1).matches(".*b\\.jpg  UNSUPPORTED  CORRUPT: .*truncated.*"), lines.get(1));
        assertTrue(lines.get(2).matches(".*c\\.jpg  REAL  0\\.37\\d\\d  Real"), lines.get(2));
        assertTrue(lines.get(3).startsWith("3 images: 2 REAL, 1 UNSUPPORTED in "), lines.get(3));
    }

    @Test
    void should_report_hostile_files_and_classify_the_rest(@TempDir Path folder) throws IOException {
        Files.copy(Fixtures.IMAGES.resolve("png-rgb.png"), folder.resolve("a.png"));
        Files.copy(Fixtures.HOSTILE.resolve("jpeg-progressive-30000-scans.jpg"), folder.resolve("b.jpg"));
        Files.copy(Fixtures.HOSTILE.resolve("bmp-image-size-2gb.bmp"), folder.resolve("c.bmp"));
        Files.copy(Fixtures.HOSTILE.resolve("png-40000000x1.png"), folder.resolve("d.png"));
        Files.copy(Fixtures.HOSTILE.resolve("png-idat-bomb-16000x16000.png"), folder.resolve("e.png"));
        Files.copy(Fixtures.IMAGES.resolve("jpeg-444.jpg"), folder.resolve("f.jpg"));

        CliRun run = CliRun.of("classify", "--model", deit(), folder.toString());

        assertEquals(VirtusCommand.EXIT_SOME_FAILED, run.exitCode(), run::toString);
        List<String> lines = run.outLines();
        assertEquals(7, lines.size(), run::toString);
        assertTrue(lines.get(0).matches(".*a\\.png  REAL  0\\.31\\d\\d  Real"), lines.get(0));
        assertTrue(lines.get(1).matches(".*b\\.jpg  UNSUPPORTED  OVER_LIMIT: .*virtus\\.decode\\.max-jpeg-scans.*"), lines.get(1));
        assertTrue(lines.get(2).matches(".*c\\.bmp  UNSUPPORTED  CORRUPT: .*2147483632 bytes of pixel data.*"), lines.get(2));
        assertTrue(lines.get(3).matches(".*d\\.png  UNSUPPORTED  TOO_MANY_PIXELS: .*virtus\\.decode\\.max-dimension.*"), lines.get(3));
        assertTrue(lines.get(4).matches(".*e\\.png  UNSUPPORTED  TOO_MANY_PIXELS: .*virtus\\.decode\\.max-pixels.*"), lines.get(4));
        assertTrue(lines.get(5).matches(".*f\\.jpg  REAL  0\\.37\\d\\d  Real"), lines.get(5));
        assertTrue(lines.get(6).startsWith("6 images: 2 REAL, 4 UNSUPPORTED in "), lines.get(6));
    }

    @Test
    void should_give_the_reason_of_an_unsupported_file_in_json() throws IOException {
        CliRun run = CliRun.of("classify", "--json", "--model", deit(), Fixtures.BAD.resolve("image.svg").toString());

        assertEquals(VirtusCommand.EXIT_SOME_FAILED, run.exitCode(), run::toString);
        JsonNode result = JSON.readTree(run.outLines().get(0));
        assertEquals(ClassificationResult.UNSUPPORTED, result.get("status").asText());
        assertTrue(result.get("reason").asText().startsWith("UNSUPPORTED_FORMAT: "), result::toString);
        assertEquals(Set.of("path", "status", "model", "reason", "provenance"), fieldNames(result));
        assertTrue(run.err().startsWith("1 image: 1 UNSUPPORTED"), run::toString);
    }

    @Test
    void should_let_the_threshold_option_override_the_setting() {
        CliRun run = CliRun.of("classify", "--threshold", "0", "--model", deit(), Fixtures.IMAGES.resolve("png-rgb.png").toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.outLines().get(0).endsWith("FAKE  0.3134  Fake"), run::toString);
    }

    @Test
    void should_apply_virtus_system_properties_and_refuse_a_file_over_the_byte_limit_unread() {
        System.setProperty("virtus.decode.max-bytes", "100");
        CliRun run;
        try {
            run = CliRun.of("classify", "--model", deit(), Fixtures.IMAGES.resolve("png-rgb.png").toString());
        } finally {
            System.clearProperty("virtus.decode.max-bytes");
        }

        assertEquals(VirtusCommand.EXIT_SOME_FAILED, run.exitCode(), run::toString);
        assertTrue(run.outLines().get(0).matches(".*png-rgb\\.png  UNSUPPORTED  TOO_MANY_BYTES: the image has \\d+ bytes; the limit is 100"),
                run::toString);
    }

    @Test
    void should_exit_with_2_and_say_how_to_name_the_model_when_none_is_configured() {
        assumeTrue(System.getenv("VIRTUS_MODEL_LOCATION") == null && System.getProperty("virtus.model.location") == null);

        CliRun run = CliRun.of("classify", Fixtures.IMAGES.toString());

        assertEquals(VirtusCommand.EXIT_NOT_RUN, run.exitCode(), run::toString);
        assertTrue(run.err().contains("--model") && run.err().contains("VIRTUS_MODEL_LOCATION"), run::toString);
    }

    @Test
    void should_exit_with_2_on_a_missing_model_directory_or_path() {
        CliRun noModel = CliRun.of("classify", "--model", "no/such/dir", Fixtures.IMAGES.toString());
        CliRun noImage = CliRun.of("classify", "--model", deit(), "no/such/image.jpg");
        CliRun noArguments = CliRun.of("classify");

        assertEquals(VirtusCommand.EXIT_NOT_RUN, noModel.exitCode(), noModel::toString);
        assertTrue(noModel.err().contains("does not exist"), noModel::toString);
        assertEquals(VirtusCommand.EXIT_NOT_RUN, noImage.exitCode(), noImage::toString);
        assertEquals(VirtusCommand.EXIT_NOT_RUN, noArguments.exitCode(), noArguments::toString);
    }

    static String deit() {
        return Fixtures.MODELS.resolve("deit-tiny-standin").toString();
    }

    private static Set<String> classifiedFields() {
        Set<String> fields = Arrays.stream(ClassificationResult.class.getRecordComponents())
                .map(component -> component.getName())
                // faces: only with --faces crop|require; frames: only for an animated image
                .filter(name -> !name.equals("reason") && !name.equals("faces") && !name.equals("frames"))
                .filter(name -> !name.equals("decidedBy")) // only when virtus.provenance.policy decides, never in the CLI
                .collect(Collectors.toCollection(HashSet::new));
        fields.add("path");
        return fields;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
