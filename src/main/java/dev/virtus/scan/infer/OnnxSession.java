package dev.virtus.scan.infer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.config.VirtusConfig.Inference.Provider;
import dev.virtus.scan.model.ModelBundle;
import dev.virtus.scan.model.ModelBundleException;
import io.quarkus.runtime.Startup;

/**
 * The one ONNX Runtime session of the process, created at start-up and shared: {@code OrtSession.run}
 * is thread-safe. It owns its {@link OrtSession.SessionOptions}, which must outlive the session.
 */
@Startup
@Singleton
public class OnnxSession implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OnnxSession.class);

    private final OrtEnvironment environment;
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final String inputName;
    private final int labelCount;
    private volatile boolean open;

    @Inject
    public OnnxSession(ModelBundle bundle, VirtusConfig config) {
        this(bundle, config.inference().intraOpThreadCount(),
                config.inference().allowSpinning(), config.inference().provider(), config.inference().cudaDevice());
    }

    public OnnxSession(ModelBundle bundle, int threads, boolean allowSpinning) {
        this(bundle, threads, allowSpinning, Provider.AUTO, 0);
    }

    public OnnxSession(ModelBundle bundle, int threads, boolean allowSpinning, Provider provider, int cudaDevice) {
        this.environment = OnnxRuntimeLibraries.environment();
        this.labelCount = bundle.labels().size();
        long started = System.nanoTime();
        ExecutionProviderChoice choice = ExecutionProviderChoice.of(provider, OrtEnvironment.getAvailableProviders());
        String runsOn = "CPU";
        String why = choice.reason();
        OrtSession.SessionOptions chosen = null;
        OrtSession created = null;
        try {
            if (choice.tryCuda()) {
                try {
                    chosen = sessionOptions(threads, allowSpinning);
                    chosen.addCUDA(cudaDevice);
                    created = environment.createSession(bundle.modelFile().toString(), chosen);
                    runsOn = "CUDA (device " + cudaDevice + ")";
                } catch (OrtException cudaFailed) {
                    if (chosen != null) {
                        chosen.close();
                        chosen = null;
                    }
                    if (choice.required()) {
                        throw cudaFailed;
                    }
                    why += ", but the CUDA provider did not start: " + cudaFailed.getMessage();
                }
            }
            if (created == null) {
                chosen = sessionOptions(threads, allowSpinning);
                created = environment.createSession(bundle.modelFile().toString(), chosen);
            }
            this.options = chosen;
            this.session = created;
            this.inputName = checkSignature(session, bundle);
        } catch (OrtException | RuntimeException e) {
            closeQuietly(created, chosen);
            if (e instanceof ModelBundleException bundleProblem) {
                throw bundleProblem;
            }
            throw new ModelBundleException("ONNX Runtime cannot load " + bundle.modelFile() + ": " + e.getMessage(), e);
        }
        this.open = true;
        LOG.infof("Execution provider: %s, because %s", runsOn, why);
        LOG.infof("Loaded %s (%s) with %d intra-op threads in %d ms", bundle.displayName(), bundle.modelFile(),
                threads, (System.nanoTime() - started) / 1_000_000);
    }

    private static void closeQuietly(OrtSession session, OrtSession.SessionOptions options) {
        try {
            if (session != null) {
                session.close();
            }
        } catch (OrtException e) {
            LOG.debug("Closing a half-built session failed", e);
        } finally {
            if (options != null) {
                options.close();
            }
        }
    }

    private static OrtSession.SessionOptions sessionOptions(int intraOpThreads, boolean allowSpinning) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.addConfigEntry("session.intra_op.allow_spinning", allowSpinning ? "1" : "0");
            return options;
        } catch (OrtException e) {
            options.close();
            throw e;
        }
    }

    /** Fails fast unless the model takes one float [N, 3, H, W] input and gives [N, labels] logits. */
    private static String checkSignature(OrtSession session, ModelBundle bundle) throws OrtException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        if (inputs.size() != 1 || outputs.isEmpty()) {
            throw new ModelBundleException(bundle.modelFile() + " must have one input (pixel_values) and a logits output; it has inputs "
                    + inputs.keySet() + " and outputs " + outputs.keySet() + ".");
        }
        Map.Entry<String, NodeInfo> input = inputs.entrySet().iterator().next();
        if (!(input.getValue().getInfo() instanceof TensorInfo tensor)
                || tensor.type != OnnxJavaType.FLOAT
                || tensor.getShape().length != 4
                || tensor.getShape()[1] != 3) {
            throw new ModelBundleException(bundle.modelFile() + " input '" + input.getKey()
                    + "' must be float [N, 3, H, W]; it is " + input.getValue().getInfo() + ".");
        }
        NodeInfo logits = outputs.values().iterator().next();
        if (!(logits.getInfo() instanceof TensorInfo out)
                || out.getShape().length != 2
                || (out.getShape()[1] > 0 && out.getShape()[1] != bundle.labels().size())) {
            throw new ModelBundleException(bundle.modelFile() + " output must be [N, " + bundle.labels().size()
                    + "] logits matching id2label " + bundle.labels() + "; it is " + logits.getInfo() + ".");
        }
        return input.getKey();
    }

    /** A direct, native-order buffer for {@code images} inputs of 3 x height x width; ONNX Runtime reads it without a copy. */
    public static FloatBuffer allocateInput(int images, int height, int width) {
        return ByteBuffer.allocateDirect(Math.multiplyExact(images, 3 * height * width) * Float.BYTES)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }

    /**
     * Runs the model on {@code images} inputs stored in {@code pixelValues} (from position 0), returning one
     * row of logits per image.
     */
    public float[][] logits(FloatBuffer pixelValues, int images, int height, int width) {
        long[] shape = {images, 3, height, width};
        try (OnnxTensor input = OnnxTensor.createTensor(environment, pixelValues.rewind(), shape);
                OrtSession.Result result = session.run(Map.of(inputName, input))) {
            FloatBuffer flat = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[][] rows = new float[images][labelCount];
            for (float[] row : rows) {
                flat.get(row);
            }
            return rows;
        } catch (OrtException e) {
            throw new InferenceException("ONNX Runtime failed on input " + Arrays.toString(shape) + ": " + e.getMessage(), e);
        }
    }

    public boolean isOpen() {
        return open;
    }

    @PreDestroy
    @Override
    public void close() {
        open = false;
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warn("Closing the ONNX Runtime session failed", e);
        } finally {
            options.close();
        }
    }
}
