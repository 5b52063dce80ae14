package dev.virtus.scan.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.virtus.scan.lambda.LambdaRuntimeApiServer;
import dev.virtus.scan.lambda.PackagedFunction;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Cold start of the packaged function.zip, started as Lambda starts it (Runtime Interface Client + a local
 * Runtime API), from process start to the first classify answer; next to Python ONNX Runtime on the same model
 * file. Not a test: run by bench/cold-start.sh, which builds the zip and starts the S3-compatible server.
 * Arguments: function.zip, runtime dir, S3 endpoint, image, python, then MODEL_DIR:MODEL_FILE pairs. System
 * property {@code rounds} (default 3): starts per case; the table shows medians.
 */
public final class ColdStartBenchmark {

    private static final Pattern DOWNLOAD = Pattern.compile("Downloaded model from .* in (\\d+) ms");
    private static final Pattern BUNDLE = Pattern.compile("Read model bundle .* in (\\d+) ms");
    private static final Pattern SESSION = Pattern.compile("OnnxSession\\] .*Loaded .* in (\\d+) ms");
    private static final String BUCKET = "virtus-models";
    private static final int MEMORY_MB = 3008;
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Row(String model, String source, double initMs, double runtimeMs, double downloadMs, double checksumMs,
            double sessionMs, double firstInvokeMs, double totalMs, double peakRssMb, String label) {
    }

    public static void main(String[] args) throws Exception {
        Path zip = Path.of(args[0]);
        Path runtime = Path.of(args[1]);
        String endpoint = args[2];
        Path image = Path.of(args[3]);
        String python = args[4];
        Map<String, String[]> models = new LinkedHashMap<>();
        for (int i = 5; i < args.length; i++) {
            String[] dirAndFile = args[i].split(":");
            models.put(Path.of(dirAndFile[0]).getFileName() + "/" + dirAndFile[1], dirAndFile);
        }

        Path work = Files.createTempDirectory("virtus-cold-start");
        Path taskRoot = Files.createDirectories(work.resolve("task"));
        boolean nativeZip = PackagedFunction.unzip(zip, taskRoot);
        upload(endpoint, models.values());
        String event = "{\"imageBase64\": \"" + Base64.getEncoder().encodeToString(Files.readAllBytes(image)) + "\"}";
        int threads = Runtime.getRuntime().availableProcessors();

        int rounds = Integer.getInteger("rounds", 3);
        List<Row> rows = new ArrayList<>();
        for (var model : models.entrySet()) {
            String dir = model.getValue()[0];
            String file = model.getValue()[1];
            for (String source : List.of("local", "s3", "s3, 1 stream")) {
                Map<String, String> env = new LinkedHashMap<>();
                env.put("QUARKUS_FUNQY_EXPORT", "classify");
                env.put("VIRTUS_MODEL_FILE", file);
                env.put("VIRTUS_INFERENCE_INTRA_OP_THREADS", Integer.toString(threads));
                if (source.equals("local")) {
                    env.put("VIRTUS_MODEL_LOCATION", Path.of(dir).toAbsolutePath().toString());
                } else {
                    env.put("VIRTUS_MODEL_DOWNLOAD_STREAMS", source.equals("s3") ? "8" : "1");
                    env.put("VIRTUS_MODEL_LOCATION", "s3://" + BUCKET + "/" + Path.of(dir).getFileName());
                    env.put("QUARKUS_S3_ENDPOINT_OVERRIDE", endpoint);
                    env.put("QUARKUS_S3_PATH_STYLE_ACCESS", "true");
                    env.put("AWS_ACCESS_KEY_ID", "bench");
                    env.put("AWS_SECRET_ACCESS_KEY", "bench");
                }
                List<Row> runs = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    if (!source.equals("local")) {
                        env.put("VIRTUS_MODEL_CACHE_DIRECTORY", Files.createTempDirectory(work, "tmp").toString());
                    }
                    runs.add(runFunction(model.getKey(), source, taskRoot, nativeZip, runtime, env, event, work));
                }
                rows.add(median(runs));
            }
            List<Row> runs = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                runs.add(runPython(python, model.getKey(), dir, file, image, threads));
            }
            rows.add(median(runs));
        }
        print(rows, nativeZip, threads, rounds);
    }

    private static Row runFunction(String model, String source, Path taskRoot, boolean nativeZip, Path runtime,
            Map<String, String> env, String event, Path work) throws Exception {
        Path log = work.resolve((model + "-" + source).replaceAll("[^A-Za-z0-9.-]", "_") + ".log");
        try (var api = new LambdaRuntimeApiServer();
                var function = PackagedFunction.start(taskRoot, nativeZip, runtime, MEMORY_MB, env, api, log)) {
            long initDone = api.awaitFirstPoll(Duration.ofMinutes(3));
            var answer = api.invoke(event, Duration.ofMinutes(3));
            double rss = function.peakRssMb();
            String output = function.log();
            if (answer.error()) {
                throw new IllegalStateException(model + " " + source + " failed: " + answer.body() + "\n" + output);
            }
            double init = millis(initDone - function.startedNanos());
            double download = logged(DOWNLOAD, output);
            double checksum = logged(BUNDLE, output);
            double session = logged(SESSION, output);
            return new Row(model, "JVM zip, " + source, init, init - download - checksum - session, download, checksum, session,
                    millis(answer.receivedNanos() - initDone), millis(answer.receivedNanos() - function.startedNanos()), rss,
                    JSON.readTree(answer.body()).path("label").asText());
        }
    }

    private static Row runPython(String python, String model, String dir, String file, Path image, int threads) throws Exception {
        long started = System.nanoTime();
        Process process = new ProcessBuilder(python, "bench/python_cold_start.py", dir, file, image.toString(),
                Integer.toString(threads)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line;
        try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            line = out.readLine();
        }
        long answered = System.nanoTime();
        process.waitFor();
        if (line == null) {
            throw new IllegalStateException("python cold start for " + model + " printed nothing");
        }
        JsonNode result = JSON.readTree(line);
        double total = millis(answered - started);
        double session = result.get("sessionMs").asDouble();
        double first = result.get("firstInferenceMs").asDouble();
        return new Row(model, "Python ORT " + result.get("onnxruntime").asText() + ", local", Double.NaN,
                total - session - first, 0, 0, session, first, total, result.get("peakRssMb").asDouble(), "");
    }

    private static void upload(String endpoint, Iterable<String[]> models) {
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
            s3.createBucket(b -> b.bucket(BUCKET));
            for (String[] model : models) {
                Path dir = Path.of(model[0]);
                for (String file : List.of("config.json", "preprocessor_config.json", "manifest.json", model[1])) {
                    Path path = dir.resolve(file);
                    if (Files.isRegularFile(path)) {
                        s3.putObject(b -> b.bucket(BUCKET).key(dir.getFileName() + "/" + file), RequestBody.fromFile(path));
                    }
                }
            }
        }
    }

    /** Each column's median over the runs of one case. */
    private static Row median(List<Row> runs) {
        java.util.function.Function<java.util.function.ToDoubleFunction<Row>, Double> median = column -> {
            double[] values = runs.stream().mapToDouble(column).sorted().toArray();
            return values[values.length / 2];
        };
        Row first = runs.get(0);
        return new Row(first.model(), first.source(), median.apply(Row::initMs), median.apply(Row::runtimeMs),
                median.apply(Row::downloadMs), median.apply(Row::checksumMs), median.apply(Row::sessionMs),
                median.apply(Row::firstInvokeMs), median.apply(Row::totalMs), median.apply(Row::peakRssMb), first.label());
    }

    private static double logged(Pattern pattern, String log) {
        Matcher matcher = pattern.matcher(log);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static void print(List<Row> rows, boolean nativeZip, int threads, int rounds) {
        System.out.printf(Locale.ROOT,
                "Cold start to first classify answer (%s, %d threads, %d MB function memory; ms, median of %d starts)%n",
                nativeZip ? "native zip" : "JVM zip under the Runtime Interface Client, java " + Runtime.version().feature(),
                threads, MEMORY_MB, rounds);
        String format = "%-34s %-26s %9s %9s %9s %9s %9s %9s %9s %9s%n";
        System.out.printf(Locale.ROOT, format, "model", "run", "runtime", "download", "checksum", "session", "init",
                "1st call", "total", "peak RSS");
        for (Row row : rows) {
            System.out.printf(Locale.ROOT, format, row.model(), row.source(), ms(row.runtimeMs()), ms(row.downloadMs()),
                    ms(row.checksumMs()), ms(row.sessionMs()), ms(row.initMs()), ms(row.firstInvokeMs()), ms(row.totalMs()),
                    String.format(Locale.ROOT, "%.0f MB", row.peakRssMb()));
        }
        System.out.println("""
                runtime: JVM start + Quarkus start without the model (Python: interpreter start + imports); download: \
                S3 (loopback) to /tmp; checksum: reading the export and checking the files it loads against manifest.json \
                (size and CRC-32); session: ONNX Runtime \
                session creation; init: process start to the first poll of the Runtime API (Lambda's init phase); \
                1st call: the first classify, decode to answer; total: process start to the answer. Each column is its own \
                median, so columns need not add up.""");
        printRatios(rows);
    }

    /** Issue 13's targets: local JVM <= 2.5x Python (fp32) or 3x (int8); from S3 <= 1.3x local. */
    private static void printRatios(List<Row> rows) {
        Map<String, Map<String, Double>> totals = new LinkedHashMap<>();
        for (Row row : rows) {
            String run = row.source().startsWith("Python") ? "python" : row.source().substring(row.source().indexOf(", ") + 2);
            totals.computeIfAbsent(row.model(), model -> new LinkedHashMap<>()).put(run, row.totalMs());
        }
        System.out.println("Ratios of the totals (target):");
        totals.forEach((model, total) -> {
            double pythonTarget = model.contains("int8") ? 3.0 : 2.5;
            System.out.printf(Locale.ROOT, "%-34s local/Python %.2fx (<= %.1fx)   S3/local %.2fx, with 1 stream %.2fx (<= 1.3x)%n",
                    model, total.get("local") / total.get("python"), pythonTarget, total.get("s3") / total.get("local"),
                    total.get("s3, 1 stream") / total.get("local"));
        });
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.0f", value);
    }
}
