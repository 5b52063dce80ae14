package dev.virtus.scan.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import dev.virtus.scan.classify.Classification;
import dev.virtus.scan.classify.ClassificationResult;
import dev.virtus.scan.classify.ImageClassifier;
import dev.virtus.scan.classify.Timings;
import dev.virtus.scan.decode.DecodeLimits;
import dev.virtus.scan.decode.ImageDecodeException;
import dev.virtus.scan.decode.RgbImage;
import dev.virtus.scan.verdict.Verdict;

/**
 * Classifies files a batch at a time, reporting each in the order given. While ONNX Runtime runs one batch,
 * worker threads read and decode the next. A file that cannot be read or decoded is reported and skipped.
 *
 * <p>Preprocessing and inference run per batch, so a result's {@code timings.inferenceMs} is its share of
 * its batch's preprocessing and inference, and {@code preprocessMs} is 0. When faces are judged
 * ({@code --faces crop|require}) each image is classified on its own, its faces sharing one call.
 */
final class BatchClassifier implements AutoCloseable {

    private final ImageClassifier classifier;
    private final DecodeLimits limits;
    private final int batchSize;
    private final ExecutorService decoders;

    BatchClassifier(LoadedModel model) {
        this.classifier = model.classifier();
        this.limits = model.limits();
        this.batchSize = model.batchSize();
        this.decoders = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), task -> {
            Thread thread = new Thread(task, "virtus-decode");
            thread.setDaemon(true);
            return thread;
        });
    }

    private sealed interface Decoded {
    }

    private record DecodedImage(Path file, RgbImage image, double decodeMs) implements Decoded {
    }

    private record NotDecoded(ClassifiedFile outcome) implements Decoded {
    }

    void classify(List<Path> files, Consumer<ClassifiedFile> sink) {
        List<Future<Decoded>> next = decodeLater(files, 0);
        for (int from = 0; from < files.size(); from += batchSize) {
            List<Future<Decoded>> current = next;
            next = decodeLater(files, from + batchSize);
            classifyBatch(await(current), sink);
        }
    }

    private List<Future<Decoded>> decodeLater(List<Path> files, int from) {
        List<Future<Decoded>> batch = new ArrayList<>();
        for (Path file : files.subList(Math.min(from, files.size()), Math.min(from + batchSize, files.size()))) {
            batch.add(decoders.submit(() -> decode(file)));
        }
        return batch;
    }

    private Decoded decode(Path file) {
        String model = classifier.modelName();
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > limits.maxBytes()) {
                // Refused before reading, as the decoder would refuse the bytes.
                return new NotDecoded(new ClassifiedFile(file, ClassificationResult.unsupported(
                        ImageDecodeException.Reason.TOO_MANY_BYTES + ": the image has " + size + " bytes; the limit is "
                                + limits.maxBytes(), model)));
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return new NotDecoded(ClassifiedFile.unreadable(file, "READ_FAILED: " + e, model));
        }
        long start = System.nanoTime();
        try {
            RgbImage image = classifier.decode(bytes);
            return new DecodedImage(file, image, millis(System.nanoTime() - start));
        } catch (ImageDecodeException e) {
            return new NotDecoded(new ClassifiedFile(file, ClassificationResult.unsupported(e.reason() + ": " + e.getMessage(), model)));
        }
    }

    private void classifyBatch(List<Decoded> batch, Consumer<ClassifiedFile> sink) {
        if (classifier.judgesFaces()) {
            for (Decoded decoded : batch) {
                if (decoded instanceof DecodedImage image) {
                    sink.accept(new ClassifiedFile(image.file(), classifier.classifyOrReport(image.image(), image.decodeMs())));
                } else if (decoded instanceof NotDecoded failed) {
                    sink.accept(failed.outcome());
                }
            }
            return;
        }
        List<DecodedImage> images = batch.stream().filter(DecodedImage.class::isInstance).map(DecodedImage.class::cast).toList();
        List<Verdict> verdicts = List.of();
        double shareMs = 0;
        if (!images.isEmpty()) {
            long start = System.nanoTime();
            verdicts = classifier.classifyDecoded(images.stream().map(DecodedImage::image).toList());
            shareMs = millis(System.nanoTime() - start) / images.size();
        }
        int verdict = 0;
        for (Decoded decoded : batch) {
            if (decoded instanceof DecodedImage image) {
                Classification classification = new Classification(verdicts.get(verdict++), image.image().width(),
                        image.image().height(), new Timings(image.decodeMs(), 0, shareMs));
                sink.accept(new ClassifiedFile(image.file(), ClassificationResult.of(classification)));
            } else if (decoded instanceof NotDecoded failed) {
                sink.accept(failed.outcome());
            }
        }
    }

    private static List<Decoded> await(List<Future<Decoded>> batch) {
        List<Decoded> decoded = new ArrayList<>(batch.size());
        try {
            for (Future<Decoded> future : batch) {
                decoded.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException("decoding failed unexpectedly", e.getCause());
        }
        return decoded;
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    @Override
    public void close() {
        decoders.shutdownNow();
    }
}
