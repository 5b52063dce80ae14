package dev.virtus.scan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.Goldens;
import dev.virtus.scan.s3.EmbeddedS3;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Tag;

/** {@code virtus scan}: a backfill of an S3 prefix with scan's own service, against the embedded S3 server. */
class ScanCommandTest {

    private static final String BUCKET = "cli-backfill";
    private static final String MODEL = Fixtures.MODELS.resolve("deit-tiny-standin").toString();
    private static S3Client s3;

    @BeforeAll
    static void fillBucket() {
        EmbeddedS3.startOnce();
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        System.setProperty("aws.region", "us-east-1");
        // The command line runs in the prod profile: a backfill needs the deployment's marking key.
        System.setProperty("virtus.marking.key", dev.virtus.scan.VirtusConfigs.MARKING_KEY);
        s3 = EmbeddedS3.client();
        s3.createBucket(b -> b.bucket(BUCKET));
        put("photos/real.png", Fixtures.bytes(Fixtures.IMAGES.resolve("png-rgb.png")));
        put("photos/fake one.png", Fixtures.bytes(Fixtures.IMAGES.resolve("png-224x224.png")));
        put("photos/notes.png", "not an image".getBytes());
        put("elsewhere/real.png", Fixtures.bytes(Fixtures.IMAGES.resolve("png-rgb.png")));
    }

    private static void put(String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes));
    }

    private static Map<String, String> statuses(String prefix) {
        return s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream().collect(Collectors.toMap(o -> o.key(),
                o -> s3.getObjectTagging(b -> b.bucket(BUCKET).key(o.key())).tagSet().stream().filter(t -> t.key().equals("deepfake-status"))
                        .map(Tag::value).findFirst().orElse("-")));
    }

    private static CliRun scan(String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("scan", "--model", MODEL, "--endpoint-url", EmbeddedS3.endpoint().toString()));
        args.addAll(List.of(options));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void should_list_plan_scan_and_then_skip_a_prefix() {
        String real = Goldens.find("deit-tiny-standin", "png-rgb.png").label().toUpperCase();

        CliRun planned = scan("--dry-run", "s3://" + BUCKET + "/photos/");

        assertEquals(0, planned.exitCode(), planned.toString());
        assertEquals(List.of("s3://cli-backfill/photos/fake one.png  would scan", "s3://cli-backfill/photos/notes.png  would scan",
                "s3://cli-backfill/photos/real.png  would scan"), planned.outLines());
        assertTrue(planned.err().contains("3 of 3 objects would be scanned"), planned.toString());
        assertEquals(Map.of("photos/real.png", "-", "photos/fake one.png", "-", "photos/notes.png", "-"), statuses("photos/"),
                "a dry run writes nothing");

        CliRun first = scan("--concurrency", "2", "s3://" + BUCKET + "/photos/");

        assertEquals(0, first.exitCode(), first.toString());
        assertEquals(Map.of("photos/real.png", real, "photos/fake one.png", "FAKE", "photos/notes.png", "UNSUPPORTED"), statuses("photos/"));
        assertEquals(Map.of("elsewhere/real.png", "-"), statuses("elsewhere/"), "only the prefix given is scanned");
        assertTrue(first.out().contains("s3://cli-backfill/photos/fake one.png  FAKE  0.88"), first.toString());
        assertTrue(first.out().contains("3 images: 1 FAKE, 1 " + real + ", 1 UNSUPPORTED"), first.toString());

        CliRun again = scan("s3://" + BUCKET + "/photos/");

        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.out().contains("3 images: 3 SKIPPED"), again.toString());
        assertTrue(again.out().contains("s3://cli-backfill/photos/real.png  SKIPPED  already marked " + real), again.toString());
        CliRun planAgain = scan("--dry-run", "s3://" + BUCKET + "/photos/");
        assertTrue(planAgain.err().contains("0 of 3 objects would be scanned"), planAgain.toString());
    }

    @Test
    void should_refuse_a_location_that_is_not_s3() {
        CliRun run = scan("photos/");

        assertEquals(VirtusCommand.EXIT_NOT_RUN, run.exitCode(), run.toString());
        assertTrue(run.err().contains("expected s3://BUCKET/PREFIX, got 'photos/'"), run.toString());
    }
}
