package dev.virtus.scan.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import dev.virtus.scan.classify.ImageClassifier;
import dev.virtus.scan.decode.DecodeLimits;
import dev.virtus.scan.infer.OnnxSession;
import dev.virtus.scan.model.ModelBundle;
import dev.virtus.scan.model.ModelBundleReader;
import dev.virtus.scan.snapstart.SnapStartHooks;

/**
 * What SnapStart's priming saves the first request after a restore: in fresh JVMs with Lambda's flags (C1 only,
 * serial GC), the time of the first classification, without priming and after {@link SnapStartHooks}' priming
 * (the state a snapshot would hold). Not a test: run by bench/priming.sh. Arguments: export directory, then images;
 * system property {@code rounds} (default 5): fresh JVMs per case, alternating; the table shows medians.
 */
public final class PrimingBenchmark {

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--child")) {
            child(Path.of(args[1]), Path.of(args[2]), Boolean.parseBoolean(args[3]));
            return;
        }
        int rounds = Integer.getInteger("rounds", 5);
        System.out.printf("First classification in a fresh JVM (java %s, C1 only, serial GC, 2 threads), median of %d; ms%n",
                Runtime.version().feature(), rounds);
        System.out.printf("%-36s %14s %14s %10s%n", "image", "not primed", "primed", "saved");
        for (int i = 1; i < args.length; i++) {
            Samples cold = new Samples();
            Samples primed = new Samples();
            for (int round = 0; round < rounds; round++) {
                cold.add(firstCall(args[0], args[i], false));
                primed.add(firstCall(args[0], args[i], true));
            }
            double notPrimedMs = cold.median();
            double primedMs = primed.median();
            System.out.printf("%-36s %14.1f %14.1f %10.1f%n", Path.of(args[i]).getFileName(), notPrimedMs, primedMs, notPrimedMs - primedMs);
        }
    }

    private static void child(Path export, Path image, boolean primed) throws Exception {
        ModelBundle bundle = ModelBundleReader.read(export, "model.onnx", Optional.empty());
        try (OnnxSession session = new OnnxSession(bundle, 2, false)) {
            String positive = bundle.labels().contains("Fake") ? "Fake" : bundle.labels().get(bundle.labels().size() - 1);
            ImageClassifier classifier = new ImageClassifier(bundle, session, new DecodeLimits(20_000_000, 40_000_000), positive, 0.5, 8);
            if (primed) {
                new SnapStartHooks(classifier, session, bundle).beforeCheckpoint(null);
            }
            byte[] bytes = Files.readAllBytes(image);
            long started = System.nanoTime();
            classifier.classify(bytes);
            System.out.println((System.nanoTime() - started) / 1e6);
        }
    }

    private static double firstCall(String export, String image, boolean primed) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "@target/bench.args", PrimingBenchmark.class.getName(),
                "--child", export, image, Boolean.toString(primed)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String last = null;
        try (var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null;) {
                last = line;
            }
        }
        if (child.waitFor() != 0 || last == null) {
            throw new IllegalStateException("the child JVM failed for " + image);
        }
        return Double.parseDouble(last);
    }
}
