package dev.virtus.scan.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.virtus.scan.classify.Classification;
import dev.virtus.scan.classify.ImageClassifier;
import dev.virtus.scan.config.VirtusConfig.Faces.Mode;
import dev.virtus.scan.decode.DecodeLimits;
import dev.virtus.scan.decode.ImageDecoder;
import dev.virtus.scan.decode.RgbImage;
import dev.virtus.scan.faces.FaceDetector;
import dev.virtus.scan.faces.FaceFinder;
import dev.virtus.scan.infer.OnnxSession;
import dev.virtus.scan.model.ModelBundle;
import dev.virtus.scan.model.ModelBundleReader;
import dev.virtus.scan.preprocess.PillowResize;
import dev.virtus.scan.preprocess.ResampleFilter;

/**
 * What face-aware scoring costs: detection and classification time per image of about 1 megapixel, with one face
 * and with five, in modes {@code off} and {@code crop}, in one run. Decoding is left out: it is the same in every
 * mode. Not a test: run it with {@code bench/faces.sh EXPORT_DIR} (an export made with {@code --faces}).
 *
 * <p>System properties: {@code rounds} (default 10), {@code threads} (default available processors).
 */
public final class FacesBenchmark {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/faces");

    private record Photo(String name, RgbImage image, int faces) {
    }

    public static void main(String[] args) {
        Path exportDirectory = Path.of(args[0]);
        int rounds = Integer.getInteger("rounds", 10);
        int threads = Integer.getInteger("threads", Runtime.getRuntime().availableProcessors());
        ModelBundle bundle = ModelBundleReader.read(exportDirectory, "model.onnx", Optional.empty());
        if (bundle.faceDetector() == null) {
            throw new IllegalArgumentException(exportDirectory + " has no face detector: export it with model/export.py --faces");
        }
        List<Photo> photos = List.of(
                new Photo("1 face (small, in a landscape)", upscale("faces-small-in-landscape.png", 1224, 816), 1),
                new Photo("5 faces (group)", upscale("faces-group.png", 1344, 747), 5));
        String positive = bundle.labels().stream().filter(l -> l.equalsIgnoreCase("fake")).findFirst().orElse(bundle.labels().get(0));
        DecodeLimits limits = new DecodeLimits(20 << 20, 40_000_000);

        try (OnnxSession session = new OnnxSession(bundle, threads, false);
                FaceDetector detector = new FaceDetector(bundle.faceDetector(), threads)) {
            ImageClassifier off = new ImageClassifier(bundle, session, limits, positive, 0.5, 8);
            ImageClassifier crop = new ImageClassifier(bundle, session, limits, positive, 0.5, 8,
                    Optional.of(new FaceFinder(Mode.CROP, detector, 0.3, 32, 8)));
            System.out.printf("Faces benchmark: %s, %d rounds, %d intra-op threads, ONNX Runtime %s, %s%n", bundle.displayName(),
                    rounds, threads, ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion(), cpu());
            System.out.printf("%-32s %-11s %6s %10s %12s %10s %10s%n", "image (ms per image, medians)", "", "faces",
                    "detection", "crop+prep.", "inference", "total");
            for (Photo photo : photos) {
                Samples offTotal = new Samples();
                Samples cropTotal = new Samples();
                Samples detection = new Samples();
                Samples preprocess = new Samples();
                Samples inference = new Samples();
                Samples offPreprocess = new Samples();
                Samples offInference = new Samples();
                int found = 0;
                for (int round = -2; round < rounds; round++) {
                    long start = System.nanoTime();
                    Classification whole = off.classify(photo.image(), 0);
                    double offMs = (System.nanoTime() - start) / 1e6;
                    start = System.nanoTime();
                    Classification faces = crop.classify(photo.image(), 0);
                    double cropMs = (System.nanoTime() - start) / 1e6;
                    found = faces.faces().found();
                    if (round < 0) {
                        continue; // warm-up
                    }
                    offTotal.add(offMs);
                    offPreprocess.add(whole.timings().preprocessMs());
                    offInference.add(whole.timings().inferenceMs());
                    cropTotal.add(cropMs);
                    detection.add(faces.faces().detectionMs());
                    preprocess.add(faces.timings().preprocessMs() - faces.faces().detectionMs());
                    inference.add(faces.timings().inferenceMs());
                }
                if (found != photo.faces()) {
                    throw new IllegalStateException(photo.name() + ": expected " + photo.faces() + " faces, found " + found);
                }
                String size = photo.image().width() + "x" + photo.image().height();
                System.out.printf("%-32s %-11s %6s %10s %12.2f %10.2f %10.2f%n", photo.name(), "off", "-", "-",
                        offPreprocess.median(), offInference.median(), offTotal.median());
                System.out.printf("%-32s %-11s %6d %10.2f %12.2f %10.2f %10.2f%n", size, "crop", found, detection.median(),
                        preprocess.median(), inference.median(), cropTotal.median());
                System.out.printf("%-32s %-11s %6s %10s %12s %10s %10.2f%n", "", "crop / off", "", "", "", "",
                        cropTotal.median() / offTotal.median());
            }
        }
    }

    /** A fixture scaled to about one megapixel with Pillow's bicubic filter, as a photo of that size would be. */
    private static RgbImage upscale(String fixture, int width, int height) {
        RgbImage image = new ImageDecoder(new DecodeLimits(20 << 20, 40_000_000)).decode(readBytes(FIXTURES.resolve(fixture)));
        return new RgbImage(width, height,
                PillowResize.resize(image.pixels(), image.width(), image.height(), width, height, ResampleFilter.BICUBIC));
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 2))
                    .findFirst().orElse("unknown CPU") + ", " + Runtime.getRuntime().availableProcessors() + " processors";
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
