package dev.virtus.scan.provenance;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the XMP packet says, unsigned: anyone can write or remove it.
 *
 * @param digitalSourceType {@code Iptc4xmpExt:DigitalSourceType}, e.g.
 *        {@code http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia}; null when absent
 * @param creatorTool {@code xmp:CreatorTool}; null when absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IptcReport(String digitalSourceType, String creatorTool) {

    static final IptcReport NONE = new IptcReport(null, null);
}
