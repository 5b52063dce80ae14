package dev.virtus.scan.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.virtus.scan.FrameGoldens;
import dev.virtus.scan.decode.ImageDecodeException.Reason;

/**
 * An APNG whose animation control Pillow and a browser may read differently is refused, not judged on the frames or the
 * still image that Pillow alone would show.
 */
class ApngControlTest {

    private static final String APNG = "apng-real-then-fake.png";

    private final ImageDecoder decoder = new ImageDecoder(
            new DecodeLimits(20_000_000, 40_000_000, 16384, 100, 100, Duration.ofSeconds(10), 100, 120_000_000));

    @Test
    void should_decode_every_frame_when_acTL_counts_the_fcTL_chunks() {
        List<RgbImage> frames = new ArrayList<>();

        decoder.decodeFrames(FrameGoldens.find(APNG).bytes(), frames::add);

        assertEquals(FrameGoldens.find(APNG).frames().size(), frames.size());
    }

    @Test
    void should_refuse_more_fcTL_chunks_than_acTL_declares() {
        byte[] apng = FrameGoldens.find(APNG).bytes();
        int acTL = chunkData(apng, "acTL");
        apng[acTL + 3]--;

        assertRefused(apng, "more fcTL chunks than the");
    }

    @Test
    void should_refuse_an_acTL_that_declares_no_frames() {
        byte[] apng = FrameGoldens.find(APNG).bytes();
        int acTL = chunkData(apng, "acTL");
        Arrays.fill(apng, acTL, acTL + 4, (byte) 0);

        assertRefused(apng, "declares no frames");
    }

    @Test
    void should_refuse_a_second_acTL() {
        byte[] apng = FrameGoldens.find(APNG).bytes();
        int acTLChunk = chunkData(apng, "acTL") - 8;
        byte[] chunk = Arrays.copyOfRange(apng, acTLChunk, acTLChunk + 8 + 8 + 4);
        byte[] twice = new byte[apng.length + chunk.length];
        System.arraycopy(apng, 0, twice, 0, acTLChunk);
        System.arraycopy(chunk, 0, twice, acTLChunk, chunk.length);
        System.arraycopy(apng, acTLChunk, twice, acTLChunk + chunk.length, apng.length - acTLChunk);

        assertRefused(twice, "a second acTL chunk");
    }

    @Test
    void should_refuse_an_animated_grey_png_of_16_bits_it_cannot_composite() {
        byte[] apng = FrameGoldens.find(APNG).bytes();
        int ihdr = chunkData(apng, "IHDR");
        apng[ihdr + 8] = 16;
        apng[ihdr + 9] = 0;
        List<RgbImage> frames = new ArrayList<>();

        ImageDecodeException error = assertThrows(ImageDecodeException.class, () -> decoder.decodeFrames(apng, frames::add));

        assertEquals(Reason.UNSUPPORTED_FORMAT, error.reason(), error.getMessage());
        assertTrue(error.getMessage().contains("colour type 0 at 16 bits"), error.getMessage());
        assertEquals(List.of(), frames);
    }

    @Test
    void should_refuse_an_acTL_before_the_IHDR() {
        byte[] apng = FrameGoldens.find(APNG).bytes();
        int ihdrChunk = chunkData(apng, "IHDR") - 8;
        int acTLChunk = chunkData(apng, "acTL") - 8;
        int ihdrLength = 8 + 13 + 4;
        int acTLLength = 8 + 8 + 4;
        byte[] swapped = apng.clone();
        // the acTL chunk first, then the IHDR, both where the IHDR began (they are adjacent in the fixture)
        System.arraycopy(apng, acTLChunk, swapped, ihdrChunk, acTLLength);
        System.arraycopy(apng, ihdrChunk, swapped, ihdrChunk + acTLLength, ihdrLength);

        assertEquals(ihdrChunk + ihdrLength, acTLChunk, "the fixture's acTL follows its IHDR");
        assertRefused(swapped, "no IHDR chunk before acTL");
    }

    private void assertRefused(byte[] apng, String why) {
        List<RgbImage> frames = new ArrayList<>();

        ImageDecodeException error = assertThrows(ImageDecodeException.class, () -> decoder.decodeFrames(apng, frames::add));

        assertEquals(Reason.CORRUPT, error.reason(), error.getMessage());
        assertTrue(error.getMessage().contains(why), error.getMessage());
        assertEquals(List.of(), frames);
    }

    /** Offset of the first chunk of this type's data. */
    private static int chunkData(byte[] png, String type) {
        byte[] name = type.getBytes(StandardCharsets.ISO_8859_1);
        for (int pos = 8; pos + 8 <= png.length; ) {
            int length = ((png[pos] & 0xFF) << 24) | ((png[pos + 1] & 0xFF) << 16) | ((png[pos + 2] & 0xFF) << 8) | (png[pos + 3] & 0xFF);
            if (Arrays.equals(png, pos + 4, pos + 8, name, 0, 4)) {
                return pos + 8;
            }
            pos += 12 + length;
        }
        throw new AssertionError("no " + type + " chunk");
    }
}
