package dev.virtus.scan.faces;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.virtus.scan.Fixtures;

/**
 * The face fixtures and {@code faces/goldens.json}, written by {@code model/make_face_fixtures.py} from the Python
 * reference detector, and export directories with the committed detector ({@code model/faces/}) added.
 */
public final class FaceFixtures {

    public static final Path FACES = Fixtures.ROOT.resolve("faces");
    public static final Path DETECTOR = Path.of("model/faces");

    public record Golden(Map<String, String> versions, double margin, List<Case> cases) {
    }

    public record Case(String image, int width, int height, List<Face> faces) {

        public Path path() {
            return Fixtures.ROOT.resolve(image);
        }

        @Override
        public String toString() {
            return image;
        }
    }

    public record Face(double left, double top, double right, double bottom, double score, double haarIou, Crop crop,
            Map<String, Judged> models) {

        public FaceBox box() {
            return new FaceBox(left, top, right, bottom, score);
        }
    }

    public record Crop(int left, int top, int side) {
    }

    public record Judged(float[] logits, Map<String, Double> probabilities, String label) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private FaceFixtures() {
    }

    public static Golden golden() {
        try {
            return JSON.readValue(FACES.resolve("goldens.json").toFile(), Golden.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Case find(String fileName) {
        return golden().cases().stream().filter(c -> c.path().getFileName().toString().equals(fileName)).findFirst().orElseThrow();
    }

    /**
     * A copy of the committed stand-in {@code model} with the face detector, in a new folder under {@code target/}: the
     * {@code virtus.model.location} of a test profile with a face mode.
     */
    public static String exportWithFaces(String model) {
        return exportWithFaces(Fixtures.MODELS.resolve(model), Path.of("target", "faces-exports", model + "-" + System.nanoTime()))
                .toString();
    }

    /** A copy of a committed export directory with the face detector in {@code faces/}, as export.py --faces writes it. */
    public static Path exportWithFaces(Path model, Path target) {
        try {
            Files.createDirectories(target.resolve("faces"));
            try (Stream<Path> files = Files.list(model)) {
                for (Path file : files.toList()) {
                    Files.copy(file, target.resolve(file.getFileName()));
                }
            }
            try (Stream<Path> files = Files.list(DETECTOR)) {
                for (Path file : files.toList()) {
                    Files.copy(file, target.resolve("faces").resolve(file.getFileName()));
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
