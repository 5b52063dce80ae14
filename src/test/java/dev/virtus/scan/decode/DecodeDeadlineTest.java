package dev.virtus.scan.decode;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.decode.ImageDecodeException.Reason;

/** The decode timeout, from each reader callback that checks it, and as the JDK's PNG reader calls them. */
class DecodeDeadlineTest {

    private static DecodeDeadline expired() throws InterruptedException {
        DecodeDeadline deadline = new DecodeDeadline(ImageFormat.PNG, Duration.ofMillis(5));
        Thread.sleep(30);
        return deadline;
    }

    /** The four callbacks that check the deadline, with nothing a real reader would pass. */
    private static List<Executable> checkingCallbacks(DecodeDeadline deadline) {
        return List.of(
                () -> deadline.passStarted(null, null, 0, 0, 0, 0, 0, 1, 1, null),
                () -> deadline.imageUpdate(null, null, 0, 0, 1, 1, 1, 1, null),
                () -> deadline.passComplete(null, null),
                () -> deadline.imageProgress(null, 50));
    }

    @Test
    void should_stop_the_read_from_every_checking_callback_once_the_time_is_up() throws InterruptedException {
        DecodeDeadline deadline = expired();

        for (Executable callback : checkingCallbacks(deadline)) {
            ImageDecodeException error = assertThrows(ImageDecodeException.class, callback);
            assertEquals(Reason.OVER_LIMIT, error.reason());
            assertEquals("decoding the PNG image took longer than 5 ms (virtus.decode.timeout)", error.getMessage());
        }
    }

    @Test
    void should_let_every_callback_pass_within_the_time() {
        DecodeDeadline deadline = new DecodeDeadline(ImageFormat.PNG, Duration.ofMinutes(10));

        for (Executable callback : checkingCallbacks(deadline)) {
            assertDoesNotThrow(callback);
        }
    }

    private static ImageReader pngReader() throws Exception {
        ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
        ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(Fixtures.bytes(Fixtures.IMAGES.resolve("png-rgb.png"))));
        reader.setInput(input);
        return reader;
    }

    /** The JDK's PNG reader wraps what a listener throws; {@link ImageDecoder} unwraps it. */
    private static void assertOverLimit(IIOException wrapped) {
        ImageDecodeException error = assertInstanceOf(ImageDecodeException.class, wrapped.getCause());
        assertEquals(Reason.OVER_LIMIT, error.reason());
    }

    @ParameterizedTest(name = "through the {0} callbacks")
    @ValueSource(strings = {"update", "progress"})
    void should_end_a_read_through_either_kind_of_callback_alone(String kept) throws Exception {
        ImageReader reader = pngReader();
        try {
            expired().watch(reader);
            if (kept.equals("update")) {
                reader.removeAllIIOReadProgressListeners();
            } else {
                reader.removeAllIIOReadUpdateListeners();
            }

            assertOverLimit(assertThrows(IIOException.class, () -> reader.read(0)));
        } finally {
            reader.dispose();
        }
    }
}
