package dev.virtus.scan.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import dev.virtus.scan.VirtusConfigs;
import dev.virtus.scan.s3.EmbeddedS3;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Throughput of {@code virtus scan} (the command line's backfill) against the embedded S3 server, at
 * concurrency 1, 2 and 4: each round scans a fresh prefix holding {@code copies} copies of every image of the
 * folder given, so that nothing is skipped. Run by {@code bench/backfill.sh}.
 */
public final class BackfillBenchmark {

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        Path images = Path.of(args[1]);
        int copies = Integer.getInteger("copies", 4);
        EmbeddedS3.startOnce();
        System.setProperty("aws.accessKeyId", "bench");
        System.setProperty("aws.secretAccessKey", "bench");
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("virtus.marking.key", VirtusConfigs.MARKING_KEY);
        S3Client s3 = EmbeddedS3.client();
        s3.createBucket(b -> b.bucket("backfill-bench"));
        List<Path> files;
        try (Stream<Path> listed = Files.list(images)) {
            files = listed.filter(Files::isRegularFile).sorted().toList();
        }
        System.out.printf(Locale.ROOT, "%-12s %8s %10s %12s%n", "concurrency", "objects", "seconds", "objects/s");
        for (int concurrency : new int[] {1, 2, 4}) {
            String prefix = "round-" + concurrency + "/";
            int objects = 0;
            for (int copy = 0; copy < copies; copy++) {
                for (Path file : files) {
                    String key = prefix + copy + "-" + file.getFileName();
                    s3.putObject(b -> b.bucket("backfill-bench").key(key), RequestBody.fromFile(file));
                    objects++;
                }
            }
            long start = System.nanoTime();
            CliRun run = CliRun.of("scan", "--model", model.toString(), "--endpoint-url", EmbeddedS3.endpoint().toString(),
                    "--concurrency", Integer.toString(concurrency), "s3://backfill-bench/" + prefix);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (run.exitCode() > VirtusCommand.EXIT_SOME_FAILED) {
                throw new IllegalStateException(run.toString());
            }
            System.out.printf(Locale.ROOT, "%-12d %8d %10.2f %12.2f%n", concurrency, objects, seconds, objects / seconds);
        }
        System.exit(0);
    }
}
