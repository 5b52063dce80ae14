package dev.virtus.scan.provenance;

/**
 * Bounds on what an uploader's metadata may make the reader do: every loop and allocation whose size comes from the
 * file stops at one of these, and a manifest over one is reported {@code invalid}.
 */
final class ProvenanceLimits {

    /** Largest manifest store (JUMBF), in bytes: real ones are a few KB to a few hundred KB with thumbnails. */
    static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
    /** JPEG APP11 segments carrying one manifest store (64 KB each at most). */
    static final int MAX_APP11_SEGMENTS = 128;
    /** Nesting of JUMBF superboxes: store, manifest, assertion store, assertion, content. */
    static final int MAX_BOX_DEPTH = 8;
    /** JUMBF boxes in one store. */
    static final int MAX_BOXES = 4096;
    /** Manifests in one store (the active one and its ingredients'). */
    static final int MAX_MANIFESTS = 64;
    /** Assertions referenced by one claim. */
    static final int MAX_ASSERTIONS = 256;
    /** Actions in one actions assertion. */
    static final int MAX_ACTIONS = 256;
    /** Nesting of CBOR arrays and maps. */
    static final int MAX_CBOR_DEPTH = 32;
    /** Certificates in a COSE x5chain. */
    static final int MAX_CERTIFICATES = 10;
    /** Exclusion ranges in a data hash. */
    static final int MAX_EXCLUSIONS = 64;
    /** Largest XMP packet read for IPTC fields, in bytes. */
    static final int MAX_XMP_BYTES = 256 * 1024;

    private ProvenanceLimits() {
    }
}
