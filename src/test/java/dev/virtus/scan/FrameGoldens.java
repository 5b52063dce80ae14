package dev.virtus.scan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code frames/goldens.json}: every frame of each animated fixture as Pillow composites it, and its logits. */
public final class FrameGoldens {

    public record Index(String model, List<Animated> fixtures) {
    }

    /** @param mostFake the index of the frame with the highest fake probability */
    public record Animated(String file, int width, int height, List<Frame> frames, int mostFake) {

        public byte[] bytes() {
            return Fixtures.bytes(Fixtures.FRAMES.resolve(file));
        }

        /** Lossy WebP frames come from another VP8 decoder than libwebp's: close, not equal. */
        public boolean lossy() {
            return file.contains("lossy");
        }

        @Override
        public String toString() {
            return file;
        }
    }

    /** @param rgbSha256 SHA-256 of the frame's RGB bytes after {@code seek(n)} and {@code convert("RGB")} */
    public record Frame(String rgbSha256, float[] logits, double fake) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private FrameGoldens() {
    }

    public static Index index() {
        try {
            return JSON.readValue(Fixtures.FRAMES.resolve("goldens.json").toFile(), Index.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Animated find(String file) {
        return index().fixtures().stream().filter(f -> f.file().equals(file)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no frame golden for " + file));
    }
}
