package dev.virtus.scan.decode;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;

/** The Adobe APP14 segment, whose presence makes PIL read CMYK samples as inverted. */
final class AdobeMarker {

    private AdobeMarker() {
    }

    static boolean invertsCmyk(byte[] jpeg) throws IOException {
        try (ImageInputStream stream = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
            return !JPEGSegmentUtil.readSegments(stream, JPEG.APP14, "Adobe").isEmpty();
        }
    }
}
