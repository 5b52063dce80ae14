package dev.virtus.scan.bench;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import dev.virtus.scan.classify.Classification;
import dev.virtus.scan.classify.ImageClassifier;
import dev.virtus.scan.decode.DecodeLimits;
import dev.virtus.scan.infer.OnnxSession;
import dev.virtus.scan.model.ModelBundle;
import dev.virtus.scan.model.ModelBundleReader;

/**
 * What judging every frame costs: a 10-frame GIF against a GIF of its first frame alone, classified alternately
 * (interleaved, so that the machine's noise falls on both), medians of each stage. Not a test: run it with
 * {@code bench/frames.sh EXPORT_DIR}.
 *
 * <p>The frames are the fixture photos, each drawn on a {@code size} x {@code size} screen (default 320) and written
 * by the JDK's GIF writer. System properties: {@code rounds} (default 20), {@code threads}, {@code size}.
 */
public final class FramesBenchmark {

    private static final int FRAMES = 10;

    public static void main(String[] args) throws IOException {
        ModelBundle bundle = ModelBundleReader.read(Path.of(args[0]), "model.onnx", Optional.empty());
        Path images = Path.of(args.length > 1 ? args[1] : "src/test/resources/fixtures/images");
        int rounds = Integer.getInteger("rounds", 20);
        int threads = Integer.getInteger("threads", Runtime.getRuntime().availableProcessors());
        int size = Integer.getInteger("size", 320);
        List<BufferedImage> frames = frames(images, size);
        byte[] animated = gif(frames);
        byte[] single = gif(frames.subList(0, 1));

        try (OnnxSession session = new OnnxSession(bundle, threads, false)) {
            String positive = bundle.labels().get(bundle.labels().size() - 1);
            ImageClassifier classifier = new ImageClassifier(bundle, session, new DecodeLimits(20 << 20, 40_000_000), positive, 0.5, 8);
            classifier.classify(animated);
            classifier.classify(single);
            Samples[] one = {new Samples(), new Samples(), new Samples(), new Samples()};
            Samples[] ten = {new Samples(), new Samples(), new Samples(), new Samples()};
            for (int round = 0; round < rounds; round++) {
                record(one, classifier.classify(single));
                Classification result = classifier.classify(animated);
                if (result.frames() == null || result.frames().judged() != FRAMES) {
                    throw new IllegalStateException("the animated GIF was not judged on " + FRAMES + " frames: " + result.frames());
                }
                record(ten, result);
            }
            System.out.printf("Frames: %s, %dx%d GIF, %d frames (%d bytes) vs its first frame (%d bytes), %d rounds interleaved, "
                    + "%d intra-op threads, batch up to 8%n", bundle.displayName(), size, size, FRAMES, animated.length,
                    single.length, rounds, threads);
            System.out.printf("%-22s %12s %12s %8s%n", "stage (median ms)", "1 frame", FRAMES + " frames", "ratio");
            String[] stages = {"decode", "preprocess", "inference", "total"};
            for (int i = 0; i < stages.length; i++) {
                System.out.printf("%-22s %12.2f %12.2f %8.2f%n", stages[i], one[i].median(), ten[i].median(),
                        ten[i].median() / one[i].median());
            }
        }
    }

    private static void record(Samples[] samples, Classification result) {
        samples[0].add(result.timings().decodeMs());
        samples[1].add(result.timings().preprocessMs());
        samples[2].add(result.timings().inferenceMs());
        samples[3].add(result.timings().totalMs());
    }

    /** The first {@link #FRAMES} readable fixture photos, each scaled onto the screen. */
    private static List<BufferedImage> frames(Path directory, int size) throws IOException {
        List<BufferedImage> frames = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".png") || f.toString().endsWith(".jpg")).sorted().toList()) {
                BufferedImage source = ImageIO.read(file.toFile());
                if (source == null || frames.size() == FRAMES) {
                    continue;
                }
                BufferedImage frame = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
                Graphics2D g = frame.createGraphics();
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.drawImage(source, 0, 0, size, size, null);
                g.dispose();
                frames.add(frame);
            }
        }
        if (frames.size() < FRAMES) {
            throw new IllegalArgumentException("fewer than " + FRAMES + " photos in " + directory);
        }
        return frames;
    }

    private static byte[] gif(List<BufferedImage> frames) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.prepareWriteSequence(null);
            for (BufferedImage frame : frames) {
                writer.writeToSequence(new IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        byte[] gif = out.toByteArray();
        if (ImageIO.read(new ByteArrayInputStream(gif)) == null) {
            throw new IllegalStateException("the JDK wrote an unreadable GIF");
        }
        return gif;
    }
}
