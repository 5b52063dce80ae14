package dev.virtus.scan.classify;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.config.VirtusConfig.Faces.Mode;
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
 * The classification core: bytes are decoded (every frame of an animated image), preprocessed as the model's image
 * processor does, run through ONNX Runtime and turned into a {@link Verdict}; the most fake frame decides. With a {@link FaceFinder}
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
        return classifyTogether(List.of(prepare(encoded))).get(0);
    }

    /**
     * Classifies a decoded image: the whole image, or its faces when a face finder was given.
     *
     * @throws NoFaceException when {@code virtus.faces.mode=require} finds no face
     */
    public Classification classify(RgbImage image, double decodeMs) {
        return classifyTogether(List.of(prepare(image, decodeMs))).get(0);
    }

    public RgbImage decode(byte[] encoded) {
        return decoder.decode(encoded);
    }

    /**
     * Decodes and prepares, the part of a classification that can run beside inference: every frame of an animated
     * image, each prepared as soon as it is composited.
     *
     * @throws ImageDecodeException when the bytes are not an image we accept
     * @throws NoFaceException when {@code virtus.faces.mode=require} finds no face in any frame: decided before any
     *         inference
     */
    public PreparedClassification prepare(byte[] encoded) {
        long start = System.nanoTime();
        FramesPrepared frames = new FramesPrepared();
        int count = decoder.decodeFrames(encoded, frames);
        return frames.assemble(count, millis(System.nanoTime() - start) - frames.preprocessMs);
    }

    /**
     * Everything before inference for a decoded still image: face detection and cropping when faces are judged, then
     * the model's preprocessing of the whole image or of each face's crop.
     *
     * @throws NoFaceException when {@code virtus.faces.mode=require} finds no face: decided before any inference
     */
    public PreparedClassification prepare(RgbImage image, double decodeMs) {
        FramesPrepared frames = new FramesPrepared();
        frames.accept(image);
        return frames.assemble(1, decodeMs);
    }

    /**
     * Prepares frames as the decoder hands them over, so that only the model inputs of earlier frames are kept. A frame
     * with the pixels of the one before it would get the same verdict: it is judged once.
     */
    private final class FramesPrepared implements Consumer<RgbImage> {
        private final List<PreparedFrame> judged = new ArrayList<>();
        private RgbImage first;
        private byte[] previous;
        private int index;
        private double preprocessMs;
        private double faceDetectionMs;

        @Override
        public void accept(RgbImage frame) {
            int at = index++;
            if (first == null) {
                first = frame;
            }
            if (previous != null && Arrays.equals(previous, frame.pixels())) {
                return;
            }
            previous = frame.pixels();
            long start = System.nanoTime();
            PreparedFrame prepared = prepareFrame(at, frame);
            if (prepared != null) {
                judged.add(prepared);
            }
            preprocessMs += millis(System.nanoTime() - start);
        }

        /** @throws NoFaceException when {@code require} found a face in no frame */
        PreparedClassification assemble(int frameCount, double decodeMs) {
            if (judged.isEmpty()) {
                FaceFinder finder = faces.orElseThrow();
                throw new NoFaceException(first.width(), first.height(), FaceReport.noFace(finder.mode(), faceDetectionMs),
                        finder.minSize());
            }
            return new PreparedClassification(first.width(), first.height(), judged, frameCount,
                    faces.map(FaceFinder::mode).orElse(null), decodeMs, preprocessMs);
        }

        /** The frame's inputs; null when {@code require} finds no face in it. */
        private PreparedFrame prepareFrame(int at, RgbImage frame) {
            if (faces.isEmpty()) {
                return new PreparedFrame(at, List.of(preprocess(frame)), null);
            }
            FaceFinder finder = faces.get();
            FoundFaces found = finder.find(frame);
            if (found.judged().isEmpty()) {
                if (finder.mode() == Mode.REQUIRE) {
                    faceDetectionMs += found.detectionMs();
                    return null;
                }
                return new PreparedFrame(at, List.of(preprocess(frame)), found);
            }
            List<PreparedImage> inputs = new ArrayList<>(found.judged().size());
            for (FaceBox face : found.judged()) {
                inputs.add(preprocess(finder.crop(frame, face)));
            }
            return new PreparedFrame(at, inputs, found);
        }
    }

    private PreparedImage preprocess(RgbImage image) {
        int[] size = preprocessor.config().outputSize(image.height(), image.width());
        FloatBuffer pixelValues = FloatBuffer.allocate(3 * size[0] * size[1]);
        preprocessor.writePixelValues(image, pixelValues);
        return new PreparedImage(size[0], size[1], pixelValues.array());
    }

    /**
     * Classifies prepared images together: the inputs of all of them (whole images and face crops alike) share ONNX
     * Runtime calls as {@link #classifyPrepared} makes them, and each image is charged the share of the inference
     * time its inputs took.
     */
    public List<Classification> classifyTogether(List<PreparedClassification> images) {
        List<PreparedImage> inputs = images.stream().flatMap(image -> image.inputs().stream()).toList();
        long start = System.nanoTime();
        List<Verdict> verdicts = classifyPrepared(inputs);
        double perInputMs = millis(System.nanoTime() - start) / inputs.size();
        List<Classification> classifications = new ArrayList<>(images.size());
        int from = 0;
        for (PreparedClassification image : images) {
            int to = from + image.inputs().size();
            classifications.add(image.fold(verdicts.subList(from, to), perInputMs * image.inputs().size()));
            from = to;
        }
        return classifications;
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
        } catch (NoFaceException e) {
            return ClassificationResult.noFace(e, modelName);
        }
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
