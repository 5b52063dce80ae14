package dev.virtus.scan.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.virtus.scan.bucket.ScanService;
import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.event.ObjectCreated;
import dev.virtus.scan.fetch.S3ObjectReader;
import dev.virtus.scan.report.EventBridgePublisher;
import dev.virtus.scan.report.ScanReporter;
import dev.virtus.scan.report.ScanResult;
import dev.virtus.scan.report.Trigger;
import dev.virtus.scan.tag.ObjectMarker;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code virtus scan s3://BUCKET/PREFIX...}: a backfill for small buckets and for trying the scanner. Lists
 * the objects and scans each with {@code scan}'s own service (rules, content binding, tags written); a run
 * that stopped resumes by skipping what is marked already.
 */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"Scans the objects under S3 prefixes and tags them, as the scan function does.",
                "Exit code: 0 if every object was scanned or skipped, 1 if some failed or could not be marked, 2 if nothing ran."})
final class ScanCommand implements Callable<Integer> {

    @Mixin
    private SettingsOptions settings;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "1", description = "Objects scanned at once (default ${DEFAULT-VALUE}).")
    private int concurrency;

    @Option(names = "--dry-run", description = "List what would be scanned, and why the rest would be skipped; read and write nothing else.")
    private boolean dryRun;

    @Option(names = "--json", description = "JSON Lines on stdout: the scan function's result per object; the summary goes to stderr.")
    private boolean json;

    @Option(names = "--endpoint-url", paramLabel = "URL", description = "Another S3 endpoint, e.g. an S3-compatible store or an emulator (path-style requests).")
    private URI endpoint;

    @Parameters(arity = "1..*", paramLabel = "s3://BUCKET/PREFIX", description = "Where to scan; a bucket alone scans all of it.")
    private List<String> locations;

    @Spec
    private CommandSpec spec;

    private record Location(String bucket, String prefix) {
        static Location parse(String uri) {
            if (!uri.startsWith("s3://") || uri.length() == "s3://".length()) {
                throw new CliException("expected s3://BUCKET/PREFIX, got '" + uri + "'");
            }
            String rest = uri.substring("s3://".length());
            int slash = rest.indexOf('/');
            return slash < 0 ? new Location(rest, "") : new Location(rest.substring(0, slash), rest.substring(slash + 1));
        }
    }

    @Override
    public Integer call() throws Exception {
        if (concurrency < 1) {
            throw new CliException("--concurrency must be at least 1, got " + concurrency);
        }
        List<Location> prefixes = locations.stream().map(Location::parse).toList();
        VirtusConfig config = Settings.load(settings.overrides());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ObjectMapper mapper = new ObjectMapper();
        try (S3Client s3 = s3Client(); LoadedModel model = LoadedModel.load(config)) {
            List<ObjectCreated> objects = list(s3, prefixes);
            ScanService scanner = new ScanService(new S3ObjectReader(s3, config), new ObjectMarker(s3, config), model.classifier(), config,
                    new ScanReporter(mapper, null, System.out, EventBridgePublisher.of(config.events(), mapper)));
            if (dryRun) {
                return dryRun(scanner, objects, out, err);
            }
            Tally tally = new Tally(objects.size());
            ProgressBar progress = ProgressBar.onConsole(err, objects.size());
            try (SummaryOnExit summary = new SummaryOnExit(interrupted -> (json ? err : out).println(tally.describe(interrupted)))) {
                ExecutorService workers = Executors.newFixedThreadPool(concurrency);
                try {
                    List<Future<?>> scans = new ArrayList<>();
                    for (ObjectCreated object : objects) {
                        scans.add(workers.submit(() -> {
                            ScanResult result = scanner.scan(List.of(object), Trigger.CLI).get(0);
                            tally.add(result.status(), result.alarming());
                            progress.above(() -> {
                                out.println(json ? Json.write(result) : line(result));
                                out.flush();
                            });
                            progress.step();
                        }));
                    }
                    for (Future<?> scan : scans) {
                        scan.get();
                    }
                } finally {
                    workers.shutdownNow();
                }
                progress.finish();
                summary.completed();
            }
            return tally.failed() == 0 ? VirtusCommand.EXIT_ALL_CLASSIFIED : VirtusCommand.EXIT_SOME_FAILED;
        }
    }

    private static int dryRun(ScanService scanner, List<ObjectCreated> objects, PrintWriter out, PrintWriter err) {
        int wouldScan = 0;
        for (ObjectCreated object : objects) {
            Optional<String> skip = scanner.dryRun(object);
            out.println("s3://" + object.bucket() + "/" + object.key() + "  " + skip.map(reason -> "would skip: " + reason).orElse("would scan"));
            wouldScan += skip.isEmpty() ? 1 : 0;
        }
        err.printf(Locale.ROOT, "%d of %d objects would be scanned (dry run: nothing was read or written)%n", wouldScan, objects.size());
        return VirtusCommand.EXIT_ALL_CLASSIFIED;
    }

    private S3Client s3Client() {
        try {
            var builder = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
            if (endpoint != null) {
                builder.endpointOverride(endpoint).forcePathStyle(true);
            }
            return builder.build();
        } catch (SdkException e) {
            throw new CliException("cannot create an S3 client: " + e.getMessage() + " (set AWS_REGION and AWS credentials)");
        }
    }

    private static List<ObjectCreated> list(S3Client s3, List<Location> prefixes) {
        List<ObjectCreated> objects = new ArrayList<>();
        for (Location location : prefixes) {
            try {
                for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(location.bucket()).prefix(location.prefix())).contents()) {
                    objects.add(new ObjectCreated("Backfill", location.bucket(), object.key(), null, object.size(), object.eTag()));
                }
            } catch (SdkException e) {
                throw new CliException("cannot list s3://" + location.bucket() + "/" + location.prefix() + ": " + e.getMessage());
            }
        }
        return objects;
    }

    /** {@code s3://bucket/key  STATUS  score  label}, or {@code ... STATUS  reason} when there is no score. */
    static String line(ScanResult result) {
        String object = "s3://" + result.bucket() + "/" + result.key();
        if (result.score() == null) {
            return object + "  " + result.status() + (result.reason() == null ? "" : "  " + result.reason());
        }
        return String.format(Locale.ROOT, "%s  %s  %.4f  %s%s", object, result.status(), result.score(), result.label(),
                result.reason() == null ? "" : "  " + result.reason());
    }
}
