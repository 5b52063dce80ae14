package dev.virtus.scan.bench;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.provenance.ProvenanceReader;
import dev.virtus.scan.provenance.TrustAnchors;

/**
 * What reading provenance costs per image: a 1 MB JPEG without a manifest, and the same size with the signed
 * fixture's manifest (claim signature, certificate chain against the test CA, assertion hashes and the SHA-256 of
 * the whole megabyte). Both are fixtures padded with COM segments after their APP segments; the padding makes the
 * signed one's content no longer match, which costs the same hashing as a match. Interleaved, medians and p90.
 * Usage: bench/provenance.sh (ROUNDS, default 2000).
 */
public final class ProvenanceBenchmark {

    private static final int TARGET_BYTES = 1024 * 1024;

    private ProvenanceBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = Integer.getInteger("rounds", 2000);
        Path c2pa = Fixtures.ROOT.resolve("c2pa");
        var reader = new ProvenanceReader(TrustAnchors.fromPem(c2pa.resolve("test-anchors.pem")), Clock.systemUTC());
        byte[] plain = padded(Fixtures.bytes(Fixtures.IMAGES.resolve("jpeg-baseline-420.jpg")));
        byte[] signed = padded(Fixtures.bytes(c2pa.resolve("jpeg-ai-created.jpg")));
        if (reader.read(plain).c2pa().present() || !reader.read(signed).c2pa().present()) {
            throw new IllegalStateException("the padded JPEGs do not read as expected");
        }
        for (int warm = 0; warm < rounds / 4; warm++) {
            reader.read(plain);
            reader.read(signed);
        }
        Samples without = new Samples();
        Samples with = new Samples();
        for (int round = 0; round < rounds; round++) {
            without.add(millis(reader, plain));
            with.add(millis(reader, signed));
        }
        System.out.printf(Locale.ROOT, "provenance of a %d-byte JPEG, %d rounds interleaved (ms): median, p90%n", plain.length, rounds);
        System.out.printf(Locale.ROOT, "  without a manifest: %.3f  %.3f%n", without.median(), without.percentile(90));
        System.out.printf(Locale.ROOT, "  with a manifest:    %.3f  %.3f%n", with.median(), with.percentile(90));
    }

    private static double millis(ProvenanceReader reader, byte[] image) {
        long start = System.nanoTime();
        reader.read(image);
        return (System.nanoTime() - start) / 1e6;
    }

    /** The JPEG with COM segments of 65 533 bytes (noise) after its APP segments, up to about 1 MB. */
    private static byte[] padded(byte[] jpeg) {
        int at = 2;
        while ((jpeg[at + 1] & 0xf0) == 0xe0) {
            at += 2 + (((jpeg[at + 2] & 0xff) << 8) | (jpeg[at + 3] & 0xff));
        }
        var out = new ByteArrayOutputStream(TARGET_BYTES + 70_000);
        out.write(jpeg, 0, at);
        var noise = new java.util.Random(1);
        while (out.size() + jpeg.length - at < TARGET_BYTES) {
            byte[] comment = new byte[65_533];
            noise.nextBytes(comment);
            out.write(0xff);
            out.write(0xfe);
            out.write(0xff);
            out.write(0xff);
            out.write(comment, 0, comment.length);
        }
        out.write(jpeg, at, jpeg.length - at);
        return out.toByteArray();
    }
}
