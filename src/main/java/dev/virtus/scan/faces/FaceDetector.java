package dev.virtus.scan.faces;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.virtus.scan.decode.RgbImage;
import dev.virtus.scan.infer.InferenceException;
import dev.virtus.scan.infer.OnnxRuntimeLibraries;
import dev.virtus.scan.model.FaceDetectorSettings;
import dev.virtus.scan.model.ModelBundleException;

/**
 * BlazeFace in ONNX Runtime, with MediaPipe's decoding: one session, created once and shared ({@code run} is
 * thread-safe); it owns its session options, which must outlive the session.
 */
public final class FaceDetector implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FaceDetector.class);
    private static final int COORDINATES = 16;

    private final FaceDetectorSettings settings;
    private final OrtEnvironment environment;
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final double[][] anchors;

    public FaceDetector(FaceDetectorSettings settings, int intraOpThreads) {
        this.settings = settings;
        this.environment = OnnxRuntimeLibraries.environment();
        this.anchors = Anchors.centres(settings.inputSize(), settings.strides(), settings.anchorsPerLayer(),
                settings.anchorOffset());
        long started = System.nanoTime();
        OrtSession.SessionOptions chosen = new OrtSession.SessionOptions();
        OrtSession created = null;
        try {
            chosen.setIntraOpNumThreads(intraOpThreads);
            chosen.setInterOpNumThreads(1);
            chosen.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            chosen.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            chosen.addConfigEntry("session.intra_op.allow_spinning", "0");
            // The converted model carries two unused constants; ONNX Runtime would warn about them at every start.
            chosen.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            created = environment.createSession(settings.modelFile().toString(), chosen);
            checkSignature(created);
        } catch (OrtException | RuntimeException e) {
            closeQuietly(created);
            chosen.close();
            if (e instanceof ModelBundleException bundleProblem) {
                throw bundleProblem;
            }
            throw new ModelBundleException("ONNX Runtime cannot load the face detector " + settings.modelFile() + ": "
                    + e.getMessage(), e);
        }
        this.options = chosen;
        this.session = created;
        LOG.infof("Loaded the face detector %s in %d ms", settings.modelFile(), (System.nanoTime() - started) / 1_000_000);
    }

    /** Fails fast unless the input is [1, size, size, 3] and the outputs hold one score and 16 values per anchor. */
    private void checkSignature(OrtSession created) throws OrtException {
        NodeInfo input = created.getInputInfo().get(settings.inputName());
        long size = settings.inputSize();
        if (input == null || !(input.getInfo() instanceof TensorInfo tensor)
                || !Arrays.equals(tensor.getShape(), new long[] {1, size, size, 3})) {
            throw new ModelBundleException("The face detector " + settings.modelFile() + " must take '" + settings.inputName()
                    + "' as [1, " + size + ", " + size + ", 3]; its inputs are " + created.getInputInfo() + ".");
        }
        long anchorsInOutputs = 0;
        for (String name : settings.scoreOutputs()) {
            anchorsInOutputs += elements(created, name);
        }
        long boxValues = 0;
        for (String name : settings.boxOutputs()) {
            boxValues += elements(created, name);
        }
        if (anchorsInOutputs != anchors.length || boxValues != (long) anchors.length * COORDINATES) {
            throw new ModelBundleException("The face detector " + settings.modelFile() + " gives " + anchorsInOutputs
                    + " scores and " + boxValues + " box values; its settings make " + anchors.length + " anchors.");
        }
    }

    private long elements(OrtSession created, String output) throws OrtException {
        NodeInfo info = created.getOutputInfo().get(output);
        if (info == null || !(info.getInfo() instanceof TensorInfo tensor)) {
            throw new ModelBundleException("The face detector " + settings.modelFile() + " has no output '" + output
                    + "'; it has " + created.getOutputInfo().keySet() + ".");
        }
        return tensor.getNumElements();
    }

    /** Faces in the image, in its pixels, surest first. */
    public List<FaceBox> detect(RgbImage image) {
        Letterbox input = Letterbox.of(image, settings.inputSize());
        long[] shape = {1, settings.inputSize(), settings.inputSize(), 3};
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, input.tensor(), shape);
                OrtSession.Result result = session.run(Map.of(settings.inputName(), tensor))) {
            List<FaceBox> candidates = candidates(result);
            List<FaceBox> faces = new ArrayList<>();
            for (FaceBox face : WeightedNonMaxSuppression.apply(candidates, settings.minSuppressionIou())) {
                faces.add(input.toImage(face));
            }
            return faces;
        } catch (OrtException e) {
            throw new InferenceException("The face detector failed on a " + image.width() + "x" + image.height()
                    + " image: " + e.getMessage(), e);
        }
    }

    /** MediaPipe's {@code TensorsToDetectionsCalculator}: boxes relative to the input, scores at least the minimum. */
    private List<FaceBox> candidates(OrtSession.Result result) {
        List<FaceBox> candidates = new ArrayList<>();
        int anchor = 0;
        float[] box = new float[COORDINATES];
        for (int output = 0; output < settings.scoreOutputs().size(); output++) {
            FloatBuffer scores = floats(result, settings.scoreOutputs().get(output));
            FloatBuffer boxes = floats(result, settings.boxOutputs().get(output));
            while (scores.hasRemaining()) {
                double raw = Math.max(-settings.scoreClipping(), Math.min(settings.scoreClipping(), scores.get()));
                double score = 1 / (1 + Math.exp(-raw));
                boxes.get(box);
                if (score >= settings.minScore()) {
                    double centreX = box[0] / settings.decodeScale() + anchors[anchor][0];
                    double centreY = box[1] / settings.decodeScale() + anchors[anchor][1];
                    double width = box[2] / settings.decodeScale();
                    double height = box[3] / settings.decodeScale();
                    candidates.add(new FaceBox(centreX - width / 2, centreY - height / 2, centreX + width / 2,
                            centreY + height / 2, score));
                }
                anchor++;
            }
        }
        return candidates;
    }

    private static FloatBuffer floats(OrtSession.Result result, String name) {
        return ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer();
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warn("Closing the face detector's session failed", e);
        } finally {
            options.close();
        }
    }

    private static void closeQuietly(OrtSession created) {
        if (created == null) {
            return;
        }
        try {
            created.close();
        } catch (OrtException e) {
            LOG.debug("Closing a half-built face detector session failed", e);
        }
    }
}
