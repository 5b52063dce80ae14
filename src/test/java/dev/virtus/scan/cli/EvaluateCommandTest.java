package dev.virtus.scan.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.Goldens;
import dev.virtus.scan.decode.DecodeLimits;
import dev.virtus.scan.decode.ImageDecoder;

/**
 * {@code evaluate} on the fixtures filed under real/ and fake/: every third distinct golden score goes under
 * the other label, so the model is wrong on those, and tied scores stay together. The expected figures are
 * computed here from the golden outputs, by other means than {@link ModelQuality}.
 */
class EvaluateCommandTest {

    private static final String MODEL = "deit-tiny-standin";
    private static final List<String> LABELS = List.of("Real", "Fake");
    private static final int FAKE = 1;
    /** CLI scores come from ONNX Runtime here, goldens from PyTorch; lossy WebP differs most (see ClassifyCommandTest). */
    private static final double SCORE_TOLERANCE = 0.02;
    private static final double EXACT = 1e-12;
    private static final double TARGET_FPR = 0.25;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A fixture under its folder's label, with what the model says about it according to the goldens. */
    private record Filed(int actual, int predicted, double score) {
    }

    @Test
    void should_report_the_metrics_computed_from_the_golden_outputs(@TempDir Path folder) throws IOException {
        List<Filed> filed = fileFixtures(folder);

        CliRun run = CliRun.of("evaluate", "--json", "--target-fpr", String.valueOf(TARGET_FPR), "--model", model(), folder.toString());

        assertEquals(0, run.exitCode(), run::toString);
        JsonNode metrics = JSON.readTree(run.out()).get("metrics");
        assertEquals(filed.size(), metrics.get("images").asInt());
        assertEquals(expectedAccuracy(filed), metrics.get("accuracy").asDouble(), EXACT);
        assertEquals(expectedMacroF1(filed), metrics.get("macroF1").asDouble(), EXACT);
        assertArrayEquals(expectedConfusion(filed), JSON.treeToValue(metrics.get("confusionMatrix"), int[][].class));
        assertEquals(expectedAucByPairs(filed), metrics.get("rocAuc").asDouble(), EXACT);
        assertEquals(expectedThreshold(filed, TARGET_FPR), metrics.get("atTargetFpr").get("threshold").asDouble(), SCORE_TOLERANCE);
        assertTrue(metrics.get("atTargetFpr").get("falsePositiveRate").asDouble() <= TARGET_FPR);
    }

    @Test
    void should_print_the_classification_report_and_confusion_matrix(@TempDir Path folder) throws IOException {
        List<Filed> filed = fileFixtures(folder);
        int[][] confusion = expectedConfusion(filed);

        CliRun run = CliRun.of("evaluate", "--model", model(), folder.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains(String.format(Locale.ROOT, "Accuracy %.4f, macro F1 %.4f",
                expectedAccuracy(filed), expectedMacroF1(filed))), run::toString);
        assertTrue(run.out().contains("    accuracy "), run::toString);
        assertTrue(run.out().contains("   macro avg "), run::toString);
        assertTrue(run.out().contains(String.format(Locale.ROOT, "%8s%8d%8d", "Real", confusion[0][0], confusion[0][1])), run::toString);
        assertTrue(run.out().contains(String.format(Locale.ROOT, "%8s%8d%8d", "Fake", confusion[1][0], confusion[1][1])), run::toString);
        assertTrue(run.out().contains(String.format(Locale.ROOT, "ROC AUC (score: probability of Fake): %.4f", expectedAucByPairs(filed))),
                run::toString);
    }

    @Test
    void should_complete_and_report_a_corrupt_file_with_exit_code_1(@TempDir Path folder) throws IOException {
        List<Filed> filed = fileFixtures(folder);
        Files.copy(Fixtures.BAD.resolve("truncated.jpg"), folder.resolve("fake").resolve("truncated.jpg"));

        CliRun run = CliRun.of("evaluate", "--json", "--model", model(), folder.toString());

        assertEquals(VirtusCommand.EXIT_SOME_FAILED, run.exitCode(), run::toString);
        JsonNode evaluation = JSON.readTree(run.out());
        assertEquals(filed.size() + 1, evaluation.get("images").asInt());
        assertEquals(1, evaluation.get("notClassified").size());
        JsonNode corrupt = evaluation.get("notClassified").get(0);
        assertTrue(corrupt.get("path").asText().endsWith("truncated.jpg"), corrupt::toString);
        assertTrue(corrupt.get("reason").asText().startsWith("CORRUPT: "), corrupt::toString);
        assertEquals(expectedAccuracy(filed), evaluation.get("metrics").get("accuracy").asDouble(), EXACT);
        assertTrue(run.err().contains("truncated.jpg  UNSUPPORTED  CORRUPT: "), run::toString);
    }

    @Test
    void should_write_an_html_report_with_the_matrix_and_the_roc_curve_in_svg(@TempDir Path folder) throws Exception {
        fileFixtures(folder);
        Path report = folder.resolve("report.html");

        CliRun run = CliRun.of("evaluate", "--report", report.toString(), "--model", model(), folder.toString());

        assertEquals(0, run.exitCode(), run::toString);
        Document html = parse(report);
        assertEquals(2, html.getElementsByTagNameNS("*", "svg").getLength());
        // four cells and the ROC plot's frame
        assertEquals(LABELS.size() * LABELS.size() + 1, html.getElementsByTagNameNS("*", "rect").getLength());
        assertEquals(1, html.getElementsByTagNameNS("*", "polyline").getLength());
    }

    @Test
    void should_exit_with_2_when_a_folder_is_not_named_after_a_label(@TempDir Path folder) throws IOException {
        fileFixtures(folder);
        Files.createDirectories(folder.resolve("cats"));

        CliRun run = CliRun.of("evaluate", "--model", model(), folder.toString());

        assertEquals(VirtusCommand.EXIT_NOT_RUN, run.exitCode(), run::toString);
        assertTrue(run.err().contains("cats") && run.err().contains("[Real, Fake]"), run::toString);
    }

    @Test
    void should_exit_with_2_on_a_target_fpr_outside_0_to_1(@TempDir Path folder) {
        CliRun run = CliRun.of("evaluate", "--target-fpr", "1.5", "--model", model(), folder.toString());

        assertEquals(VirtusCommand.EXIT_NOT_RUN, run.exitCode(), run::toString);
        assertTrue(run.err().contains("--target-fpr"), run::toString);
    }

    private static List<Filed> fileFixtures(Path folder) throws IOException {
        // the pipeline's golden judges an animation's first frame only, the command every frame: still images only
        ImageDecoder decoder = new ImageDecoder(new DecodeLimits(20_000_000, 40_000_000));
        List<Goldens.Case> cases = Goldens.index().cases().stream().filter(c -> c.model().equals(MODEL))
                .filter(c -> decoder.decodeFrames(Fixtures.bytes(c.imagePath()), frame -> { }) == 1).toList();
        List<Double> distinctScores = cases.stream().map(EvaluateCommandTest::goldenScore).distinct().sorted().toList();
        List<Filed> filed = new ArrayList<>();
        for (Goldens.Case golden : cases) {
            int predicted = LABELS.indexOf(golden.label());
            boolean misfiled = distinctScores.indexOf(goldenScore(golden)) % 3 == 0;
            int actual = misfiled ? 1 - predicted : predicted;
            Path target = folder.resolve(LABELS.get(actual).toLowerCase(Locale.ROOT)).resolve(golden.image());
            Files.createDirectories(target.getParent());
            Files.copy(golden.imagePath(), target);
            filed.add(new Filed(actual, predicted, goldenScore(golden)));
        }
        return filed;
    }

    private static double goldenScore(Goldens.Case golden) {
        return golden.probabilities().get("Fake");
    }

    private static double expectedAccuracy(List<Filed> filed) {
        return (double) filed.stream().filter(f -> f.actual() == f.predicted()).count() / filed.size();
    }

    private static int[][] expectedConfusion(List<Filed> filed) {
        int[][] confusion = new int[2][2];
        filed.forEach(f -> confusion[f.actual()][f.predicted()]++);
        return confusion;
    }

    /** Mean over labels of 2TP / (2TP + FP + FN). */
    private static double expectedMacroF1(List<Filed> filed) {
        double sum = 0;
        for (int label = 0; label < LABELS.size(); label++) {
            int l = label;
            long tp = filed.stream().filter(f -> f.actual() == l && f.predicted() == l).count();
            long fp = filed.stream().filter(f -> f.actual() != l && f.predicted() == l).count();
            long fn = filed.stream().filter(f -> f.actual() == l && f.predicted() != l).count();
            sum += 2.0 * tp / (2 * tp + fp + fn);
        }
        return sum / LABELS.size();
    }

    /** The share of (fake, real) pairs in which the fake one scores higher, ties counting one half. */
    private static double expectedAucByPairs(List<Filed> filed) {
        double wins = 0;
        int pairs = 0;
        for (Filed fake : filed) {
            for (Filed real : filed) {
                if (fake.actual() == FAKE && real.actual() != FAKE) {
                    pairs++;
                    wins += fake.score() > real.score() ? 1 : fake.score() == real.score() ? 0.5 : 0;
                }
            }
        }
        return wins / pairs;
    }

    /** The lowest observed score at which calling everything at or above it fake keeps the false-positive rate in bounds. */
    private static double expectedThreshold(List<Filed> filed, double targetFpr) {
        long reals = filed.stream().filter(f -> f.actual() != FAKE).count();
        return filed.stream().map(Filed::score).sorted()
                .filter(t -> (double) filed.stream().filter(f -> f.actual() != FAKE && f.score() >= t).count() / reals <= targetFpr)
                .findFirst().orElseThrow();
    }

    private static Document parse(Path html) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(html.toFile());
    }

    private static String model() {
        return Fixtures.MODELS.resolve(MODEL).toString();
    }
}
