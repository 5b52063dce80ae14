package dev.virtus.scan.classify;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.decode.DecodeLimits;
import dev.virtus.scan.decode.ImageDecodeException;
import dev.virtus.scan.decode.ImageDecoder;
import dev.virtus.scan.decode.RgbImage;
import dev.virtus.scan.infer.OnnxSession;
import dev.virtus.scan.model.ModelBundle;
import dev.virtus.scan.preprocess.ImagePreprocessor;
import dev.virtus.scan.verdict.Verdict;
import dev.virtus.scan.verdict.VerdictPolicy;

/**
 * The classification core: bytes are decoded, preprocessed as the model's image processor does,
 * run through ONNX Runtime and turned into a {@link Verdict}.
 */
@ApplicationScoped
public class ImageClassifier implements Classifier {

    private final ImageDecoder decoder;
    private final ImagePreprocessor preprocessor;
    private final OnnxSession session;
    private final VerdictPolicy policy;
    private final int maxBatchSize;
    private final String modelName;

    @Inject
    public ImageClassifier(ModelBundle bundle, OnnxSession session, VirtusConfig config) {
        this(bundle, session, DecodeLimits.of(config.decode()),
                config.model().positiveLabel(), config.threshold(), config.inference().maxBatchSize());
    }

    public ImageClassifier(ModelBundle bundle, OnnxSession session, DecodeLimits limits, String positiveLabel,
            double threshold, int maxBatchSize) {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("virtus.inference.max-batch-size must be at least 1, got " + maxBatchSize);
        }
        this.decoder = new ImageDecoder(limits);
        this.preprocessor = new ImagePreprocessor(bundle.preprocessing());
        this.session = session;
        this.policy = new VerdictPolicy(bundle.labels(), positiveLabel, threshold, bundle.displayName());
        this.maxBatchSize = maxBatchSize;
        this.modelName = bundle.displayName();
    }

    /**
     * @throws ImageDecodeException when the bytes are not an image we accept
     */
    public Classification classify(byte[] encoded) {
        long start = System.nanoTime();
        RgbImage image = decoder.decode(encoded);
        long decoded = System.nanoTime();
        int[] size = preprocessor.config().outputSize(image.height(), image.width());
        FloatBuffer input = OnnxSession.allocateInput(1, size[0], size[1]);
        preprocessor.writePixelValues(image, input);
        long preprocessed = System.nanoTime();
        float[] logits = session.logits(input, 1, size[0], size[1])[0];
        Verdict verdict = policy.decide(logits);
        long inferred = System.nanoTime();
        return new Classification(verdict, image.width(), image.height(),
                new Timings(millis(decoded - start), millis(preprocessed - decoded), millis(inferred - preprocessed)));
    }

    public RgbImage decode(byte[] encoded) {
        return decoder.decode(encoded);
    }

    /**
     * Classifies decoded images, up to {@code virtus.inference.max-batch-size} per ONNX Runtime call; images
     * whose preprocessed sizes differ go in separate calls.
     */
    public List<Verdict> classifyDecoded(List<RgbImage> images) {
        return classifyPrepared(images.stream().map(image -> preprocess(image, 0)).toList());
    }

    /**
     * Decodes and preprocesses, the part of a classification that can run beside inference.
     *
     * @throws ImageDecodeException when the bytes are not an image we accept
     */
    public PreparedImage prepare(byte[] encoded) {
        long start = System.nanoTime();
        RgbImage image = decoder.decode(encoded);
        return preprocess(image, millis(System.nanoTime() - start));
    }

    private PreparedImage preprocess(RgbImage image, double decodeMs) {
        long start = System.nanoTime();
        int[] size = preprocessor.config().outputSize(image.height(), image.width());
        FloatBuffer pixelValues = FloatBuffer.allocate(3 * size[0] * size[1]);
        preprocessor.writePixelValues(image, pixelValues);
        return new PreparedImage(image.width(), image.height(), size[0], size[1], pixelValues.array(), decodeMs,
                millis(System.nanoTime() - start));
    }

    /**
     * Verdicts for prepared images, in order: consecutive images of one input size share a call, up to
     * {@code virtus.inference.max-batch-size} images.
     */
    public List<Verdict> classifyPrepared(List<PreparedImage> images) {
        List<Verdict> verdicts = new ArrayList<>(images.size());
        int from = 0;
        while (from < images.size()) {
            PreparedImage first = images.get(from);
            int to = from + 1;
            while (to < images.size() && to - from < maxBatchSize && first.sameInputSize(images.get(to))) {
                to++;
            }
            FloatBuffer input = OnnxSession.allocateInput(to - from, first.inputHeight(), first.inputWidth());
            for (PreparedImage image : images.subList(from, to)) {
                input.put(image.pixelValues());
            }
            for (float[] logits : session.logits(input, to - from, first.inputHeight(), first.inputWidth())) {
                verdicts.add(policy.decide(logits));
            }
            from = to;
        }
        return verdicts;
    }

    public String positiveLabel() {
        return policy.positiveLabel();
    }

    @Override
    public String modelName() {
        return modelName;
    }

    /** Classifies, reporting bytes that are not an acceptable image as {@code UNSUPPORTED} rather than failing. */
    @Override
    public ClassificationResult classifyOrReport(byte[] encoded) {
        try {
            return ClassificationResult.of(classify(encoded));
        } catch (ImageDecodeException e) {
            return ClassificationResult.unsupported(e.reason() + ": " + e.getMessage(), modelName);
        }
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
