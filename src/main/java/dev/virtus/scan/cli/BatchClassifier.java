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
import dev.virtus.scan.classify.NoFaceException;
import dev.virtus.scan.classify.PreparedClassification;
import dev.virtus.scan.decode.DecodeLimits;
import dev.virtus.scan.decode.ImageDecodeException;
import dev.virtus.scan.provenance.Provenance;
import dev.virtus.scan.provenance.ProvenanceReader;

/**
 * Classifies files a batch at a time, reporting each in the order given. While ONNX Runtime runs one batch,
 * worker threads read, decode and prepare the next (faces detected and cropped with {@code --faces crop|require}).
 * A file that cannot be read or decoded, or shows no face when one is required, is reported and skipped.
 *
 * <p>The inputs of a batch's images (whole images or face crops) share ONNX Runtime calls, so a result's
 * {@code timings.inferenceMs} is its inputs' share of its batch's inference.
 */
final class BatchClassifier implements AutoCloseable {

    private final ImageClassifier classifier;
    private final ProvenanceReader provenance;
    private final DecodeLimits limits;
    private final int batchSize;
    private final ExecutorService preparers;

    BatchClassifier(LoadedModel model) {
        this.classifier = model.classifier();
        this.provenance = model.provenance();
        this.limits = model.limits();
        this.batchSize = model.batchSize();
        this.preparers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), task -> {
            Thread thread = new Thread(task, "virtus-prepare");
            thread.setDaemon(true);
            return thread;
        });
    }

    private sealed interface Prepared {
    }

    private record PreparedFile(Path file, PreparedClassification image, Provenance provenance) implements Prepared {
    }

    private record NotClassified(ClassifiedFile outcome) implements Prepared {
    }

    void classify(List<Path> files, Consumer<ClassifiedFile> sink) {
        List<Future<Prepared>> next = prepareLater(files, 0);
        for (int from = 0; from < files.size(); from += batchSize) {
            List<Future<Prepared>> current = next;
            next = prepareLater(files, from + batchSize);
            classifyBatch(await(current), sink);
        }
    }

    private List<Future<Prepared>> prepareLater(List<Path> files, int from) {
        List<Future<Prepared>> batch = new ArrayList<>();
        for (Path file : files.subList(Math.min(from, files.size()), Math.min(from + batchSize, files.size()))) {
            batch.add(preparers.submit(() -> prepare(file)));
        }
        return batch;
    }

    private Prepared prepare(Path file) {
        String model = classifier.modelName();
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > limits.maxBytes()) {
                // Refused before reading, as the decoder would refuse the bytes.
                return new NotClassified(new ClassifiedFile(file, ClassificationResult.unsupported(
                        ImageDecodeException.Reason.TOO_MANY_BYTES + ": the image has " + size + " bytes; the limit is "
                                + limits.maxBytes(), model)));
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return new NotClassified(ClassifiedFile.unreadable(file, "READ_FAILED: " + e, model));
        }
        // Reported beside the model's verdict, never instead of it: evaluate compares the two.
        Provenance read = provenance.read(bytes);
        try {
            return new PreparedFile(file, classifier.prepare(bytes), read);
        } catch (ImageDecodeException e) {
            return new NotClassified(new ClassifiedFile(file, ClassificationResult.unsupported(e.reason() + ": " + e.getMessage(), model)
                    .withProvenance(read)));
        } catch (NoFaceException e) {
            return new NotClassified(new ClassifiedFile(file, ClassificationResult.noFace(e, model).withProvenance(read)));
        }
    }

    private void classifyBatch(List<Prepared> batch, Consumer<ClassifiedFile> sink) {
        List<PreparedFile> images = batch.stream().filter(PreparedFile.class::isInstance).map(PreparedFile.class::cast).toList();
        List<Classification> classifications = images.isEmpty() ? List.of()
                : classifier.classifyTogether(images.stream().map(PreparedFile::image).toList());
        int classified = 0;
        for (Prepared prepared : batch) {
            if (prepared instanceof PreparedFile image) {
                sink.accept(new ClassifiedFile(image.file(),
                        ClassificationResult.of(classifications.get(classified++)).withProvenance(image.provenance())));
            } else if (prepared instanceof NotClassified failed) {
                sink.accept(failed.outcome());
            }
        }
    }

    private static List<Prepared> await(List<Future<Prepared>> batch) {
        List<Prepared> prepared = new ArrayList<>(batch.size());
        try {
            for (Future<Prepared> future : batch) {
                prepared.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException("preparing an image failed unexpectedly", e.getCause());
        }
        return prepared;
    }

    @Override
    public void close() {
        preparers.shutdownNow();
    }
}
