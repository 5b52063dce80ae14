package dev.virtus.scan.classify;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.decode.DecodeLimits;
import dev.virtus.scan.decode.ImageDecodeException;
import dev.virtus.scan.decode.ImageDecoder;
import dev.virtus.scan.decode.RgbImage;
import dev.virtus.scan.fetch.FetchException;
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
public class ImageClassifier {

    private final ImageDecoder decoder;
    private final ImagePreprocessor preprocessor;
    private final OnnxSession session;
    private final VerdictPolicy policy;
    private final int maxBatchSize;
    private final String modelName;

    @Inject
    public ImageClassifier(ModelBundle bundle, OnnxSession session, VirtusConfig config) {
        this(bundle, session, new DecodeLimits(config.decode().maxBytes(), config.decode().maxPixels()),
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
        List<Verdict> verdicts = new ArrayList<>(images.size());
        int from = 0;
        while (from < images.size()) {
            int[] size = preprocessor.config().outputSize(images.get(from).height(), images.get(from).width());
            int to = from + 1;
            while (to < images.size() && to - from < maxBatchSize
                    && Arrays.equals(size, preprocessor.config().outputSize(images.get(to).height(), images.get(to).width()))) {
                to++;
            }
            FloatBuffer input = OnnxSession.allocateInput(to - from, size[0], size[1]);
            for (RgbImage image : images.subList(from, to)) {
                preprocessor.writePixelValues(image, input);
            }
            for (float[] logits : session.logits(input, to - from, size[0], size[1])) {
                verdicts.add(policy.decide(logits));
            }
            from = to;
        }
        return verdicts;
    }

    public String positiveLabel() {
        return policy.positiveLabel();
    }

    /** Model name and short hash, as verdicts carry it. */
    public String modelName() {
        return modelName;
    }

    /** Classifies, reporting bytes that are not an acceptable image as {@code UNSUPPORTED} rather than failing. */
    public ClassificationResult classifyOrReport(byte[] encoded) {
        try {
            return ClassificationResult.of(classify(encoded));
        } catch (ImageDecodeException e) {
            return ClassificationResult.unsupported(e.reason() + ": " + e.getMessage(), modelName);
        }
    }

    /**
     * Classifies the bytes {@code fetch} brings. A source over the byte limit is {@code UNSUPPORTED}, as an
     * image over the pixel limit is; other fetch failures propagate.
     */
    public ClassificationResult fetchAndClassifyOrReport(Supplier<byte[]> fetch) {
        byte[] encoded;
        try {
            encoded = fetch.get();
        } catch (FetchException e) {
            if (e.reason() != FetchException.Reason.TOO_LARGE) {
                throw e;
            }
            return ClassificationResult.unsupported(ImageDecodeException.Reason.TOO_MANY_BYTES + ": " + e.getMessage(), modelName);
        }
        return classifyOrReport(encoded);
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
