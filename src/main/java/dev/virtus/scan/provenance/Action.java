package dev.virtus.scan.provenance;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One entry of a C2PA actions assertion.
 *
 * @param action e.g. {@code c2pa.created}, {@code c2pa.edited}, {@code c2pa.opened}
 * @param digitalSourceType the IPTC digital source type the action declares, e.g.
 *        {@code http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia}; null when none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Action(String action, String digitalSourceType) {
}
