package dev.virtus.scan.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.virtus.scan.FrameGoldens;

/** Every frame of the animated fixtures, composited exactly as Pillow's {@code seek(n)} + {@code convert("RGB")}. */
class AnimatedFramesTest {

    private final ImageDecoder decoder = new ImageDecoder(new DecodeLimits(20 * 1024 * 1024, 40_000_000));

    static Stream<FrameGoldens.Animated> fixtures() {
        return FrameGoldens.index().fixtures().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void should_composite_every_frame_as_pillow_does(FrameGoldens.Animated golden) {
        List<RgbImage> frames = new ArrayList<>();

        int count = decoder.decodeFrames(golden.bytes(), frames::add);

        assertEquals(golden.frames().size(), count, "frames");
        assertEquals(count, frames.size(), "frames handed over");
        for (int i = 0; i < count; i++) {
            RgbImage frame = frames.get(i);
            assertEquals(golden.width() + "x" + golden.height(), frame.width() + "x" + frame.height(), "frame " + i);
            if (!golden.lossy()) {
                assertEquals(golden.frames().get(i).rgbSha256(), sha256(frame.pixels()), "frame " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void should_decode_the_first_frame_alone_as_pillows_image_open_does(FrameGoldens.Animated golden) {
        RgbImage first = decoder.decode(golden.bytes());

        assertTrue(golden.lossy() || golden.frames().get(0).rgbSha256().equals(sha256(first.pixels())));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
