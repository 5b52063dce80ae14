package dev.virtus.scan.provenance;

import static dev.virtus.scan.provenance.ProvenanceLimits.MAX_CBOR_DEPTH;
import static dev.virtus.scan.provenance.ProvenanceLimits.MAX_MANIFEST_BYTES;

import java.io.IOException;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;

/** CBOR (claims, assertions, COSE) read into trees, with nesting and string lengths bounded. */
final class Cbor {

    private static final CBORMapper MAPPER = new CBORMapper(CBORFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_CBOR_DEPTH)
                    .maxStringLength(MAX_MANIFEST_BYTES)
                    .build())
            .build());

    private Cbor() {
    }

    static JsonNode read(byte[] bytes, String what) throws ManifestException {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new ManifestException(what + " is empty");
            }
            return node;
        } catch (IOException | RuntimeException e) {
            throw new ManifestException(what + " is not readable CBOR: " + e.getMessage(), e);
        }
    }

    static byte[] bytes(JsonNode node, String what) throws ManifestException {
        if (node == null || !node.isBinary()) {
            throw new ManifestException(what + " is not a byte string");
        }
        try {
            return node.binaryValue();
        } catch (IOException e) {
            throw new ManifestException(what + " is not a byte string", e);
        }
    }

    static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }
}
