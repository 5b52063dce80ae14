package dev.virtus.scan.provenance;

import java.time.Clock;

import dev.virtus.scan.config.VirtusConfig;

/**
 * Reads and validates what an image's bytes say about their origin. Pure and thread-safe; never throws for what the
 * file contains: a manifest that cannot be read is reported {@code invalid} with the reason.
 */
public final class ProvenanceReader {

    private final ManifestValidator validator;
    private final Clock clock;
    private final boolean anchorsConfigured;

    public ProvenanceReader(TrustAnchors anchors, Clock clock) {
        this.validator = new ManifestValidator(anchors);
        this.clock = clock;
        this.anchorsConfigured = anchors.configured();
    }

    /** @throws IllegalArgumentException when {@code virtus.provenance.trust-anchors} cannot be read */
    public static ProvenanceReader from(VirtusConfig.Provenance config) {
        return new ProvenanceReader(config.trustAnchors().map(TrustAnchors::fromPem).orElse(TrustAnchors.NONE),
                Clock.systemUTC());
    }

    public boolean anchorsConfigured() {
        return anchorsConfigured;
    }

    public Provenance read(byte[] image) {
        EmbeddedMetadata metadata = EmbeddedMetadata.of(image);
        C2paReport c2pa;
        if (metadata.jumbfError() != null) {
            c2pa = C2paReport.malformed(metadata.jumbfError());
        } else if (metadata.jumbf() != null) {
            c2pa = validator.validate(metadata.jumbf(), image, clock.instant());
        } else {
            c2pa = C2paReport.ABSENT;
        }
        return Provenance.of(c2pa, XmpFields.read(metadata.xmp()));
    }
}
