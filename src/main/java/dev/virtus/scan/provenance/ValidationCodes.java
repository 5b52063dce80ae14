package dev.virtus.scan.provenance;

/**
 * Validation status codes as the C2PA specification (section 15, "Validation") names them, and the few this reader
 * adds, under {@code virtus.}, for what the specification has no code for.
 */
final class ValidationCodes {

    static final String CLAIM_SIGNATURE_VALIDATED = "claimSignature.validated";
    static final String CLAIM_SIGNATURE_MISMATCH = "claimSignature.mismatch";
    static final String SIGNING_CREDENTIAL_TRUSTED = "signingCredential.trusted";
    static final String SIGNING_CREDENTIAL_UNTRUSTED = "signingCredential.untrusted";
    static final String SIGNING_CREDENTIAL_EXPIRED = "signingCredential.expired";
    static final String SIGNING_CREDENTIAL_INVALID = "signingCredential.invalid";
    static final String ALGORITHM_UNSUPPORTED = "algorithm.unsupported";
    static final String HASHED_URI_MATCH = "assertion.hashedURI.match";
    static final String HASHED_URI_MISMATCH = "assertion.hashedURI.mismatch";
    static final String ASSERTION_MISSING = "assertion.missing";
    static final String DATA_HASH_MATCH = "assertion.dataHash.match";
    static final String DATA_HASH_MISMATCH = "assertion.dataHash.mismatch";
    static final String HARD_BINDINGS_MISSING = "claim.hardBindings.missing";
    static final String CLAIM_MISSING = "claim.missing";
    /** The manifest store could not be read at all (malformed, truncated, over a bound): the reason says which. */
    static final String MANIFEST_MALFORMED = "virtus.manifest.malformed";
    /** A hard binding this reader does not check (BMFF, box or collection hashes): content match is unknown. */
    static final String HARD_BINDING_UNSUPPORTED = "virtus.hardBinding.unsupported";

    private ValidationCodes() {
    }
}
