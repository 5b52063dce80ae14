package dev.virtus.scan.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;

import dev.virtus.scan.Fixtures;

/**
 * Manifests built to exhaust the reader: each is reported {@code invalid} (or absent) with a reason, in bounded
 * memory (this class runs in the hostile-input execution at -Xmx256m), and never throws out of the reader.
 */
class HostileManifestTest {

    private static final CBORMapper CBOR = new CBORMapper();

    private static Provenance read(byte[] image) {
        return C2paGoldenTest.testCaReader().read(image);
    }

    private static void assertInvalid(byte[] image, String reasonPart) {
        Provenance provenance = read(image);
        assertEquals(Provenance.INVALID, provenance.summary());
        assertTrue(provenance.c2pa().present());
        assertFalse(provenance.c2pa().valid());
        assertTrue(provenance.c2pa().reason().contains(reasonPart), provenance.c2pa().reason());
    }

    @Test
    void should_report_invalid_when_a_box_declares_more_bytes_than_the_store_has() {
        byte[] box = superbox("c2pa");
        ByteBuffer.wrap(box).putInt(0, 0x7ffffff0);

        assertInvalid(png(box), "declares");
    }

    @Test
    void should_report_invalid_when_superboxes_nest_deeper_than_the_bound() {
        byte[] box = superbox("leaf");
        for (int depth = 0; depth < 200; depth++) {
            box = superbox("c2pa", box);
        }

        assertInvalid(png(box), "nested deeper");
    }

    @Test
    void should_report_invalid_when_a_store_holds_too_many_boxes() {
        byte[][] contents = new byte[20_000][];
        Arrays.fill(contents, box("free", new byte[0]));

        assertInvalid(png(superbox("c2pa", contents)), "JUMBF boxes");
    }

    @Test
    void should_report_invalid_when_a_claim_nests_cbor_deeper_than_the_bound() {
        byte[] deep = new byte[100_000];
        Arrays.fill(deep, (byte) 0x81);

        assertInvalid(png(store(deep, new byte[0])), "CBOR");
    }

    @Test
    void should_report_invalid_when_a_cbor_byte_string_declares_2_gb() {
        byte[] claim = {(byte) 0xa1, 0x63, 'a', 'l', 'g', 0x5a, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3};

        assertInvalid(png(store(claim, new byte[0])), "CBOR");
    }

    @Test
    void should_report_invalid_when_the_signature_carries_more_certificates_than_the_bound() throws Exception {
        byte[] claim = CBOR.writeValueAsBytes(Map.of("signature", "self#jumbf=c2pa.signature", "alg", "sha256"));
        List<byte[]> chain = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            chain.add(new byte[] {0x30, 0});
        }
        byte[] header = CBOR.writeValueAsBytes(Map.of("1", -7, "33", chain));
        byte[] sign1 = CBOR.writeValueAsBytes(List.of(header, Map.of(), new byte[0], new byte[64]));

        assertInvalid(png(store(claim, sign1)), "certificates");
    }

    @Test
    void should_report_invalid_when_a_jpeg_splits_its_store_into_too_many_segments() {
        var jpeg = new ByteArrayOutputStream();
        jpeg.writeBytes(new byte[] {(byte) 0xff, (byte) 0xd8});
        for (int sequence = 1; sequence <= 1000; sequence++) {
            jpeg.writeBytes(new byte[] {(byte) 0xff, (byte) 0xeb, 0, 18, 'J', 'P', 0, 1, 0, 0, 0, (byte) sequence,
                0, 0, 0, 8, 'j', 'u', 'm', 'b'});
        }
        jpeg.writeBytes(new byte[] {(byte) 0xff, (byte) 0xd9});

        assertInvalid(jpeg.toByteArray(), "APP11 segments");
    }

    @Test
    void should_report_invalid_when_a_fixture_manifest_is_cut_at_any_length() {
        byte[] signed = Fixtures.bytes(C2paGoldenTest.C2PA.resolve("png-ai-created.png"));
        byte[] store = EmbeddedMetadata.of(signed).jumbf();
        for (int length = 8; length < store.length; length += 97) {
            byte[] cut = Arrays.copyOf(store, length);
            ByteBuffer.wrap(cut).putInt(0, length);

            assertEquals(Provenance.INVALID, read(png(cut)).summary(), "cut at " + length);
        }
    }

    @Test
    void should_not_report_a_manifest_when_a_png_chunk_declares_more_bytes_than_the_file() {
        byte[] image = png(superbox("c2pa"));
        ByteBuffer.wrap(image).putInt(8, 0x7fffffff);

        assertFalse(read(image).c2pa().present());
    }

    /** A store with one manifest holding a claim and a signature box, each with one CBOR content box. */
    private static byte[] store(byte[] claim, byte[] signature) {
        return superbox("c2pa", superbox("urn:c2pa:hostile",
                superbox("c2pa.claim.v2", box("cbor", claim)),
                superbox("c2pa.signature", box("cbor", signature))));
    }

    private static byte[] box(String type, byte[] payload) {
        return ByteBuffer.allocate(8 + payload.length).putInt(8 + payload.length)
                .put(type.getBytes(StandardCharsets.US_ASCII)).put(payload).array();
    }

    private static byte[] superbox(String label, byte[]... children) {
        var description = new ByteArrayOutputStream();
        description.writeBytes(new byte[16]);
        description.write(0x03);
        description.writeBytes(label.getBytes(StandardCharsets.UTF_8));
        description.write(0);
        var payload = new ByteArrayOutputStream();
        payload.writeBytes(box("jumd", description.toByteArray()));
        for (byte[] child : children) {
            payload.writeBytes(child);
        }
        return box("jumb", payload.toByteArray());
    }

    /** A PNG with nothing but the store in a caBX chunk (the reader never looks at pixels). */
    private static byte[] png(byte[] jumbf) {
        return ByteBuffer.allocate(8 + 12 + jumbf.length + 12)
                .put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})
                .putInt(jumbf.length).put("caBX".getBytes(StandardCharsets.US_ASCII)).put(jumbf).putInt(0)
                .putInt(0).put("IEND".getBytes(StandardCharsets.US_ASCII)).putInt(0)
                .array();
    }
}
