package dev.virtus.scan.bench;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.virtus.scan.infer.OnnxSession;

/**
 * Bare {@code OrtSession.run} on one fixed random input, for comparing ONNX Runtime Java with Python's
 * (model/session_run_benchmark.py) under the same session options. Not a test: bench/ort-gap.sh runs
 * both, alternating.
 *
 * <p>Arguments: ONNX file, runs, intra-op threads, spinning (0/1), optimisation level (ALL_OPT,
 * EXTENDED_OPT, BASIC_OPT, NO_OPT).
 */
public final class SessionRunBenchmark {

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        String spinning = args[3];
        OrtSession.SessionOptions.OptLevel level = OrtSession.SessionOptions.OptLevel.valueOf(args[4]);
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(level);
            options.addConfigEntry("session.intra_op.allow_spinning", spinning);
            try (OrtSession session = environment.createSession(model.toString(), options)) {
                FloatBuffer input = OnnxSession.allocateInput(1, 224, 224);
                Random random = new Random(0);
                while (input.hasRemaining()) {
                    input.put((float) random.nextGaussian());
                }
                String name = session.getInputNames().iterator().next();
                double[] millis = new double[runs];
                try (OnnxTensor tensor = OnnxTensor.createTensor(environment, input.rewind(), new long[] {1, 3, 224, 224})) {
                    session.run(Map.of(name, tensor)).close();
                    for (int i = 0; i < runs; i++) {
                        long start = System.nanoTime();
                        try (OrtSession.Result result = session.run(Map.of(name, tensor))) {
                            millis[i] = (System.nanoTime() - start) / 1e6;
                        }
                    }
                }
                Arrays.sort(millis);
                System.out.printf("java   ORT %s threads=%d spinning=%s %s: median %.1f ms, p90 %.1f ms%n",
                        environment.getVersion(), threads, spinning, level, millis[runs / 2], millis[(int) (runs * 0.9)]);
            }
        }
    }
}
