package dev.virtus.scan.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import dev.virtus.scan.decode.DecodeLimits;
import dev.virtus.scan.decode.ImageDecoder;
import dev.virtus.scan.decode.RgbImage;
import dev.virtus.scan.infer.OnnxSession;
import dev.virtus.scan.preprocess.ImagePreprocessor;
import dev.virtus.scan.model.ModelBundleReader;

/**
 * Decode and preprocess alone, per image, with no model run: the Java half of {@code bench/decode.sh}, which
 * prints it beside Pillow and the Hugging Face processor ({@code model/bench_decode.py}).
 *
 * <p>Arguments: export directory (for {@code preprocessor_config.json}), image directory. System property
 * {@code rounds} (default 20). Times are the CPU time of the calling thread, which a shared, loaded machine disturbs
 * far less than wall-clock time (neither side spreads this work over threads). Prints the first call of the process (cold: class loading, interpreter) and the
 * medians of the sum over all images per round, after one round of warm-up, as {@code key value} lines, and each
 * image's medians as {@code image NAME DECODE_MS PREPROCESS_MS}.
 */
public final class DecodeBenchmark {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws IOException {
        long processStart = System.nanoTime();
        Path exportDirectory = Path.of(args[0]);
        List<Path> files = imageFiles(Path.of(args[1]));
        List<byte[]> images = new ArrayList<>();
        for (Path file : files) {
            images.add(Files.readAllBytes(file));
        }
        int rounds = Integer.getInteger("rounds", 20);
        ImagePreprocessor preprocessor = new ImagePreprocessor(
                ModelBundleReader.read(exportDirectory, "model.onnx", Optional.empty(), false).preprocessing());
        ImageDecoder decoder = new ImageDecoder(new DecodeLimits(20 << 20, 40_000_000));

        double[] cold = timeRound(images.subList(0, 1), decoder, preprocessor);
        System.out.printf("first_decode_ms %.3f%nfirst_preprocess_ms %.3f%n", cold[0], cold[1]);
        System.out.printf("first_call_since_main_ms %.1f%n", (System.nanoTime() - processStart) / 1e6);
        timeRound(images, decoder, preprocessor);
        Samples decode = new Samples();
        Samples preprocess = new Samples();
        List<Samples> perImage = Stream.generate(Samples::new).limit(2L * images.size()).toList();
        for (int round = 0; round < rounds; round++) {
            double decodeMs = 0;
            double preprocessMs = 0;
            for (int i = 0; i < images.size(); i++) {
                double[] times = timeRound(images.subList(i, i + 1), decoder, preprocessor);
                perImage.get(2 * i).add(times[0]);
                perImage.get(2 * i + 1).add(times[1]);
                decodeMs += times[0];
                preprocessMs += times[1];
            }
            decode.add(decodeMs);
            preprocess.add(preprocessMs);
        }
        for (int i = 0; i < images.size(); i++) {
            System.out.printf("image %s %.3f %.3f%n", files.get(i).getFileName(), perImage.get(2 * i).median(), perImage.get(2 * i + 1).median());
        }
        System.out.printf("images %d%ndecode_ms %.3f%npreprocess_ms %.3f%n", images.size(), decode.median(), preprocess.median());
    }

    /** Decode then preprocess every image once; returns the summed milliseconds of each stage. */
    private static double[] timeRound(List<byte[]> images, ImageDecoder decoder, ImagePreprocessor preprocessor) {
        double decodeMs = 0;
        double preprocessMs = 0;
        for (byte[] encoded : images) {
            long start = CPU.getCurrentThreadCpuTime();
            RgbImage image = decoder.decode(encoded);
            long decoded = CPU.getCurrentThreadCpuTime();
            int[] size = preprocessor.config().outputSize(image.height(), image.width());
            FloatBuffer input = OnnxSession.allocateInput(1, size[0], size[1]);
            preprocessor.writePixelValues(image, input);
            long end = CPU.getCurrentThreadCpuTime();
            decodeMs += (decoded - start) / 1e6;
            preprocessMs += (end - decoded) / 1e6;
        }
        return new double[] {decodeMs, preprocessMs};
    }

    private static List<Path> imageFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> images = files.filter(Files::isRegularFile).sorted().toList();
            if (images.isEmpty()) {
                throw new IllegalArgumentException("no images in " + directory);
            }
            return images;
        }
    }
}
