package dev.virtus.scan.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.virtus.scan.Fixtures;

/**
 * The Java reader against the C2PA SDK (c2pa-rs 0.91.3 in @contentauth/c2pa-wasm 0.13.3): for every fixture, the
 * goldens written by src/test/c2pa/make_goldens.mjs, the test CA as the only trust anchor.
 */
public class C2paGoldenTest {

    public static final Path C2PA = Fixtures.ROOT.resolve("c2pa");
    /** The day the goldens were read: the test signers are valid from 2025 to 2125, the expired one until 2021. */
    public static final Clock GOLDENS_DAY = Clock.fixed(Instant.parse("2026-12-06T17:00:00Z"), ZoneOffset.UTC);
    /** The status codes this reader checks; the SDK's others (time stamps, OCSP) are outside its scope. */
    private static final Set<String> CHECKED = Set.of("claimSignature.validated", "claimSignature.mismatch",
            "signingCredential.trusted", "signingCredential.untrusted", "signingCredential.expired",
            "assertion.hashedURI.match", "assertion.hashedURI.mismatch", "assertion.dataHash.match",
            "assertion.dataHash.mismatch", "algorithm.unsupported");

    public static ProvenanceReader testCaReader() {
        return new ProvenanceReader(TrustAnchors.fromPem(C2PA.resolve("test-anchors.pem")), GOLDENS_DAY);
    }

    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(C2PA)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.matches(".*\\.(jpg|png|webp)"))
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void should_read_what_the_c2pa_sdk_reads_when_given_each_fixture(String fixture) throws IOException {
        JsonNode golden = new ObjectMapper().readTree(C2PA.resolve("goldens").resolve(fixture + ".json").toFile());
        C2paReport report = testCaReader().read(Fixtures.bytes(C2PA.resolve(fixture))).c2pa();

        JsonNode expected = golden.get("c2pa");
        if (expected.isNull()) {
            assertFalse(report.present(), "manifest present");
            return;
        }
        assertTrue(report.present(), report.reason());
        assertEquals(expected.get("activeManifest").asText(), report.activeManifest());
        assertEquals(expected.get("claimGenerator").isNull()
                ? String.join(", ", texts(expected.get("claimGeneratorInfo"))) : expected.get("claimGenerator").asText(),
                report.generator());
        List<Action> actions = new ArrayList<>();
        expected.get("actions").forEach(a -> actions.add(new Action(a.get("action").asText(),
                a.get("digitalSourceType").isNull() ? null : a.get("digitalSourceType").asText())));
        assertEquals(actions, report.actions());
        assertEquals(expected.get("signer").get("commonName").asText(), report.signer());
        assertEquals(expected.get("signer").get("issuer").asText(), report.signerOrganization());
        assertEquals(checked(expected.get("success")), report.validationCodes());
        assertEquals(checked(expected.get("failure")), checked(report.failureCodes()));
        String state = expected.get("validationState").asText();
        assertEquals(!state.equals("Invalid"), report.valid(), "valid (SDK: " + state + ")");
        assertEquals(state.equals("Trusted"), report.trusted(), "trusted (SDK: " + state + ")");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
    }

    private static List<String> checked(JsonNode codes) {
        return checked(texts(codes));
    }

    private static List<String> checked(List<String> codes) {
        Set<String> kept = new TreeSet<>(codes);
        kept.retainAll(CHECKED);
        return List.copyOf(kept);
    }
}
