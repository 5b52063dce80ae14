package dev.virtus.scan.bench;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import dev.virtus.scan.classify.Classification;
import dev.virtus.scan.classify.ImageClassifier;
import dev.virtus.scan.decode.DecodeLimits;
import dev.virtus.scan.decode.RgbImage;
import dev.virtus.scan.infer.OnnxSession;
import dev.virtus.scan.model.ModelBundle;
import dev.virtus.scan.model.ModelBundleReader;
import dev.virtus.scan.preprocess.ImagePreprocessor;

/**
 * Per-image latency of the classification core against the bare ONNX Runtime call on the same input.
 * Not a test: run it with {@code bench/core.sh EXPORT_DIR IMAGE_DIR} (see docs/performance.md), which prints this
 * table next to the Python reference figures.
 *
 * <p>Arguments: export directory, image directory. System properties: {@code rounds} (default 5),
 * {@code threads} (default available processors), {@code spinning} (default false),
 * {@code model.file} (default model.onnx).
 */
public final class CoreBenchmark {

    public static void main(String[] args) throws IOException {
        Path exportDirectory = Path.of(args[0]);
        Path imageDirectory = Path.of(args[1]);
        int rounds = Integer.getInteger("rounds", 5);
        int threads = Integer.getInteger("threads", Runtime.getRuntime().availableProcessors());
        boolean spinning = Boolean.getBoolean("spinning");
        ModelBundle bundle = ModelBundleReader.read(exportDirectory, System.getProperty("model.file", "model.onnx"), Optional.empty());
        List<byte[]> images = readImages(imageDirectory);

        try (OnnxSession session = new OnnxSession(bundle, threads, spinning)) {
            String positive = bundle.labels().get(bundle.labels().size() - 1);
            ImageClassifier classifier = new ImageClassifier(bundle, session, new DecodeLimits(20 << 20, 40_000_000), positive, 0.5, 8);
            ImagePreprocessor preprocessor = new ImagePreprocessor(bundle.preprocessing());
            classifier.classify(images.get(0));

            Samples decode = new Samples();
            Samples preprocess = new Samples();
            Samples inference = new Samples();
            Samples total = new Samples();
            Samples bare = new Samples();
            Samples batch8PerImage = new Samples();
            for (int round = 0; round < rounds; round++) {
                for (byte[] image : images) {
                    Classification result = classifier.classify(image);
                    decode.add(result.timings().decodeMs());
                    preprocess.add(result.timings().preprocessMs());
                    inference.add(result.timings().inferenceMs());
                    total.add(result.timings().totalMs());
                    bare.add(bareCall(session, preprocessor, classifier.decode(image)));
                }
                for (int from = 0; from + 8 <= images.size(); from += 8) {
                    long start = System.nanoTime();
                    classifier.classifyTogether(images.subList(from, from + 8).stream().map(classifier::prepare).toList());
                    batch8PerImage.add((System.nanoTime() - start) / 1e6 / 8);
                }
            }
            System.out.printf("Java core: %s, %d images x %d rounds, %d intra-op threads, spinning %s, ONNX Runtime %s%n",
                    bundle.displayName(), images.size(), rounds, threads, spinning, ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion());
            System.out.printf("%-34s %10s %10s%n", "stage (ms per image)", "median", "p90");
            print("decode", decode);
            print("preprocess", preprocess);
            print("inference (batch 1)", inference);
            print("end to end (batch 1)", total);
            print("bare OrtSession.run (batch 1)", bare);
            print("end to end (batch 8, per image)", batch8PerImage);
            System.out.printf("%-34s %10.3f%n", "end to end / bare (medians)", total.median() / bare.median());
            System.out.printf("%-34s %10d%n", "peak RSS (MiB)", peakRssKib() / 1024);
        }
    }

    /** One session call on an input already built, timed alone. */
    private static double bareCall(OnnxSession session, ImagePreprocessor preprocessor, RgbImage image) {
        int[] size = preprocessor.config().outputSize(image.height(), image.width());
        FloatBuffer input = OnnxSession.allocateInput(1, size[0], size[1]);
        preprocessor.writePixelValues(image, input);
        long start = System.nanoTime();
        session.logits(input, 1, size[0], size[1]);
        return (System.nanoTime() - start) / 1e6;
    }

    private static List<byte[]> readImages(Path directory) throws IOException {
        List<byte[]> images = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                images.add(Files.readAllBytes(file));
            }
        }
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images in " + directory);
        }
        return images;
    }

    private static long peakRssKib() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("VmHWM:"))
                .map(line -> Long.parseLong(line.replaceAll("\\D", "")))
                .findFirst()
                .orElse(-1L);
    }

    private static void print(String stage, Samples samples) {
        System.out.printf("%-34s %10.2f %10.2f%n", stage, samples.median(), samples.percentile(90));
    }
}
