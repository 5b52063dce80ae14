package dev.virtus.scan.classify;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.decode.DecodeLimits;
import dev.virtus.scan.decode.ImageDecodeException;
import dev.virtus.scan.decode.ImageDecoder;
import dev.virtus.scan.decode.RgbImage;
import dev.virtus.scan.faces.FaceBox;
import dev.virtus.scan.faces.FaceFinder;
import dev.virtus.scan.faces.FoundFaces;
import dev.virtus.scan.infer.OnnxSession;
import dev.virtus.scan.model.ModelBundle;
import dev.virtus.scan.preprocess.ImagePreprocessor;
import dev.virtus.scan.verdict.Verdict;
import dev.virtus.scan.verdict.VerdictPolicy;

/**
 * The classification core: bytes are decoded, preprocessed as the model's image processor does,
 * run through ONNX Runtime and turned into a {@link Verdict}. With a {@link FaceFinder}
 * ({@code virtus.faces.mode} crop or require) the faces are judged instead of the whole image, and the most
 * fake face is the image's verdict.
 */
@ApplicationScoped
public class ImageClassifier implements Classifier {

    private final ImageDecoder decoder;
    private final ImagePreprocessor preprocessor;
    private final OnnxSession session;
    private final VerdictPolicy policy;
    private final int maxBatchSize;
    private final String modelName;
    private final Optional<FaceFinder> faces;

    @Inject
    public ImageClassifier(ModelBundle bundle, OnnxSession session, VirtusConfig config, Optional<FaceFinder> faces) {
        this(bundle, session, DecodeLimits.of(config.decode()),
                config.model().positiveLabel(), config.threshold(), config.inference().maxBatchSize(), faces);
    }

    /** Judges whole images whatever {@code virtus.faces.mode} says (the GPU service's batcher does not crop faces). */
    public ImageClassifier(ModelBundle bundle, OnnxSession session, VirtusConfig config) {
        this(bundle, session, config, Optional.empty());
    }

    public ImageClassifier(ModelBundle bundle, OnnxSession session, DecodeLimits limits, String positiveLabel,
            double threshold, int maxBatchSize) {
        this(bundle, session, limits, positiveLabel, threshold, maxBatchSize, Optional.empty());
    }

    /** @param faces judge the faces rather than the whole image; the caller keeps ownership (and closes it) */
    public ImageClassifier(ModelBundle bundle, OnnxSession session, DecodeLimits limits, String positiveLabel,
            double threshold, int maxBatchSize, Optional<FaceFinder> faces) {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("virtus.inference.max-batch-size must be at least 1, got " + maxBatchSize);
        }
        this.decoder = new ImageDecoder(limits);
        this.preprocessor = new ImagePreprocessor(bundle.preprocessing());
        this.session = session;
        // The face mode is part of how a verdict was made: an object judged whole is judged again by faces.
        this.modelName = bundle.displayName() + faces.map(f -> "+faces-" + f.mode().name().toLowerCase(Locale.ROOT)).orElse("");
        this.policy = new VerdictPolicy(bundle.labels(), positiveLabel, threshold, modelName);
        this.maxBatchSize = maxBatchSize;
        this.faces = faces;
    }

    /**
     * @throws ImageDecodeException when the bytes are not an image we accept
     * @throws NoFaceException when {@code virtus.faces.mode=require} finds no face
     */
    public Classification classify(byte[] encoded) {
        long start = System.nanoTime();
        RgbImage image = decoder.decode(encoded);
        return classify(image, millis(System.nanoTime() - start));
    }

    /**
     * Classifies a decoded image: the whole image, or its faces when a face finder was given.
     *
     * @throws NoFaceException when {@code virtus.faces.mode=require} finds no face
     */
    public Classification classify(RgbImage image, double decodeMs) {
        if (faces.isEmpty()) {
            return classifyWhole(image, decodeMs, null);
        }
        FaceFinder finder = faces.get();
        FoundFaces found = finder.find(image);
        if (found.judged().isEmpty()) {
            FaceReport report = FaceReport.noFace(finder.mode(), found.detectionMs());
            if (!report.wholeImage()) {
                throw new NoFaceException(image.width(), image.height(), report, finder.minSize());
            }
            return classifyWhole(image, decodeMs, report);
        }
        long start = System.nanoTime();
        List<PreparedImage> crops = new ArrayList<>(found.judged().size());
        for (FaceBox face : found.judged()) {
            crops.add(preprocess(finder.crop(image, face), 0));
        }
        long preprocessed = System.nanoTime();
        List<Verdict> verdicts = classifyPrepared(crops);
        long inferred = System.nanoTime();
        List<FaceVerdict> judged = new ArrayList<>(verdicts.size());
        int mostFake = 0;
        for (int i = 0; i < verdicts.size(); i++) {
            judged.add(FaceVerdict.of(found.judged().get(i), verdicts.get(i)));
            if (verdicts.get(i).score() > verdicts.get(mostFake).score()) {
                mostFake = i;
            }
        }
        return new Classification(verdicts.get(mostFake), image.width(), image.height(),
                new Timings(decodeMs, found.detectionMs() + millis(preprocessed - start), millis(inferred - preprocessed)),
                FaceReport.judged(finder.mode(), found.count(), found.detectionMs(), judged));
    }

    /** @param report what face detection found (its time counts as preprocessing); null when faces are not looked for */
    private Classification classifyWhole(RgbImage image, double decodeMs, FaceReport report) {
        long start = System.nanoTime();
        int[] size = preprocessor.config().outputSize(image.height(), image.width());
        FloatBuffer input = OnnxSession.allocateInput(1, size[0], size[1]);
        preprocessor.writePixelValues(image, input);
        long preprocessed = System.nanoTime();
        float[] logits = session.logits(input, 1, size[0], size[1])[0];
        Verdict verdict = policy.decide(logits);
        long inferred = System.nanoTime();
        return new Classification(verdict, image.width(), image.height(),
                new Timings(decodeMs, (report == null ? 0 : report.detectionMs()) + millis(preprocessed - start),
                        millis(inferred - preprocessed)), report);
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

    /** Whether faces, rather than whole images, are judged. */
    public boolean judgesFaces() {
        return faces.isPresent();
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
        } catch (NoFaceException e) {
            return ClassificationResult.noFace(e, modelName);
        }
    }

    /** {@link #classify(RgbImage, double)}, reporting an image without the face it requires as {@code NO_FACE}. */
    public ClassificationResult classifyOrReport(RgbImage image, double decodeMs) {
        try {
            return ClassificationResult.of(classify(image, decodeMs));
        } catch (NoFaceException e) {
            return ClassificationResult.noFace(e, modelName);
        }
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
