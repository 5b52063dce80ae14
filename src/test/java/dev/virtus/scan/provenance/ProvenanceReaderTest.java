package dev.virtus.scan.provenance;

import static dev.virtus.scan.provenance.C2paGoldenTest.C2PA;
import static dev.virtus.scan.provenance.C2paGoldenTest.GOLDENS_DAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.virtus.scan.Fixtures;

class ProvenanceReaderTest {

    private static final String IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/";

    private static Provenance read(String fixture) {
        return C2paGoldenTest.testCaReader().read(Fixtures.bytes(C2PA.resolve(fixture)));
    }

    @ParameterizedTest
    @CsvSource({
        "jpeg-ai-created.jpg, ai-declared",
        "png-ai-created.png, ai-declared",
        "webp-ai-created.webp, ai-declared",
        "jpeg-untrusted-chain.jpg, ai-declared",
        "jpeg-ai-edited.jpg, ai-edited",
        "jpeg-camera-capture.jpg, camera-signed",
        "jpeg-pixels-changed.jpg, invalid",
        "jpeg-signature-flipped.jpg, invalid",
        "jpeg-expired-certificate.jpg, invalid",
        "jpeg-manifest-stripped.jpg, none",
        "jpeg-iptc-ai.jpg, ai-declared",
        "png-iptc-ai.png, ai-edited",
        "c2pa-rs-CA.jpg, none",
    })
    void should_sum_up_in_one_word_when_reading_a_fixture(String fixture, String summary) {
        assertEquals(summary, read(fixture).summary());
    }

    @Test
    void should_say_content_no_longer_matches_when_pixels_changed_after_signing() {
        C2paReport c2pa = read("jpeg-pixels-changed.jpg").c2pa();

        assertEquals(Boolean.FALSE, c2pa.contentMatches());
        assertTrue(c2pa.failureCodes().contains("assertion.dataHash.mismatch"));
        assertFalse(c2pa.valid());
    }

    @Test
    void should_report_signed_but_not_trusted_when_no_trust_anchor_is_configured() {
        var reader = new ProvenanceReader(TrustAnchors.NONE, GOLDENS_DAY);

        Provenance provenance = reader.read(Fixtures.bytes(C2PA.resolve("jpeg-camera-capture.jpg")));

        assertTrue(provenance.c2pa().valid());
        assertFalse(provenance.c2pa().trusted());
        assertFalse(provenance.trustedCapture());
        assertEquals(java.util.List.of("signingCredential.untrusted"), provenance.c2pa().failureCodes());
    }

    @Test
    void should_call_a_capture_trusted_only_when_its_chain_ends_at_a_configured_anchor() {
        assertTrue(read("jpeg-camera-capture.jpg").trustedCapture());
        assertFalse(read("jpeg-ai-created.jpg").trustedCapture());
    }

    @Test
    void should_read_the_signer_certificate_when_the_manifest_is_valid() {
        C2paReport c2pa = read("jpeg-camera-capture.jpg").c2pa();

        assertEquals("virtus-test-rsa-signer", c2pa.signer());
        assertEquals("virtus-test-root", c2pa.certificateIssuer());
        assertEquals("2125-01-01T00:00:00Z", c2pa.certificateNotAfter());
        assertEquals(IPTC + "digitalCapture", c2pa.digitalSourceType());
    }

    @Test
    void should_read_iptc_fields_from_xmp_when_there_is_no_manifest() {
        Provenance provenance = read("jpeg-iptc-ai.jpg");

        assertFalse(provenance.c2pa().present());
        assertEquals(IPTC + "trainedAlgorithmicMedia", provenance.iptc().digitalSourceType());
        assertEquals("Test Image Generator 2.1", provenance.iptc().creatorTool());
        assertFalse(provenance.validAiDeclaration(), "an unsigned IPTC field is not a valid manifest");
    }

    @Test
    void should_find_nothing_when_the_image_has_no_metadata() {
        Provenance provenance = C2paGoldenTest.testCaReader()
                .read(Fixtures.bytes(Fixtures.IMAGES.resolve("jpeg-baseline-420.jpg")));

        assertEquals("none", provenance.summary());
        assertFalse(provenance.c2pa().present());
        assertNull(provenance.iptc().digitalSourceType());
    }

    @Test
    void should_read_an_element_form_xmp_field_when_it_is_not_an_attribute() {
        IptcReport iptc = XmpFields.read("<rdf:Description><Iptc4xmpExt:DigitalSourceType> " + IPTC
                + "compositeSynthetic </Iptc4xmpExt:DigitalSourceType><xmp:CreatorTool>A &amp; B</xmp:CreatorTool>");

        assertEquals(IPTC + "compositeSynthetic", iptc.digitalSourceType());
        assertEquals("A & B", iptc.creatorTool());
    }
}
