package dev.virtus.scan.decode;

/** Bounds that keep hostile images (decompression bombs) from exhausting memory. */
public record DecodeLimits(long maxBytes, long maxPixels) {

    public DecodeLimits {
        if (maxBytes <= 0 || maxPixels <= 0) {
            throw new IllegalArgumentException("decode limits must be positive: " + maxBytes + " bytes, " + maxPixels + " pixels");
        }
    }
}
