package dev.virtus.scan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code goldens/index.json}, written by {@code model/make_goldens.py} from the Hugging Face pipeline. */
public final class Goldens {

    public record Index(Map<String, String> versions, List<String> images, List<Case> cases) {
    }

    public record Case(String model, String image, String resized, String pixelValues, float[] logits,
            Map<String, Double> probabilities, String label) {

        public Path resizedPath() {
            return Fixtures.GOLDENS.resolve(resized);
        }

        public Path modelDirectory() {
            return Fixtures.MODELS.resolve(model);
        }

        public Path imagePath() {
            return Fixtures.IMAGES.resolve(image);
        }

        @Override
        public String toString() {
            return model + " / " + image;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Goldens() {
    }

    public static Index index() {
        try {
            return JSON.readValue(Fixtures.GOLDENS.resolve("index.json").toFile(), Index.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The golden case of one fixture image through one stand-in model. */
    public static Case find(String model, String image) {
        return index().cases().stream()
                .filter(c -> c.model().equals(model) && c.image().equals(image))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no golden for " + model + " / " + image));
    }

    /** A gzipped little-endian float32 {@code .npy} file, flattened. */
    public static float[] readNpyGz(Path file) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            byte[] bytes = in.readAllBytes();
            ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            int major = bytes[6];
            int headerLength = major == 1 ? Short.toUnsignedInt(buffer.getShort(8)) : buffer.getInt(8);
            int dataStart = (major == 1 ? 10 : 12) + headerLength;
            String header = new String(bytes, major == 1 ? 10 : 12, headerLength, StandardCharsets.US_ASCII);
            if (!header.contains("'<f4'") || header.contains("'fortran_order': True")) {
                throw new IllegalStateException(file + " is not a C-order little-endian float32 array: " + header);
            }
            float[] values = new float[(bytes.length - dataStart) / Float.BYTES];
            buffer.position(dataStart);
            buffer.asFloatBuffer().get(values);
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
