package dev.virtus.scan.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.virtus.scan.Fixtures;

/**
 * Every file of the hostile corpus (model/make_hostile.py) is answered, refused or decoded, in bounded time, with
 * no {@link Error}. Runs in its own surefire execution with a 256 MB heap (pom.xml), so that an unbounded allocation
 * shows as a failure here rather than passing in a roomy test JVM.
 */
class HostileInputTest {

    /** The bound per file; the refusals take milliseconds, the two decoded bombs about a tenth of this. */
    private static final long MAX_MILLIS = 2000;
    private static final String DECODED = "DECODED";

    private final ImageDecoder decoder = new ImageDecoder(new DecodeLimits(20 * 1024 * 1024, 40_000_000));

    /** Above what -Xmx256m gives: the default surefire execution also runs this class when named by -Dtest. */
    private static final long SMALL_HEAP_BYTES = 300L * 1024 * 1024;

    @BeforeAll
    static void loadTheReadersInASmallHeap() {
        assumeTrue(Runtime.getRuntime().maxMemory() <= SMALL_HEAP_BYTES,
                "runs in the hostile-input execution's 256 MB heap (pom.xml), not in a roomy one");
        ImageDecoder warm = new ImageDecoder(new DecodeLimits(20 * 1024 * 1024, 40_000_000));
        Fixtures.imageNames().forEach(name -> warm.decode(Fixtures.bytes(Fixtures.IMAGES.resolve(name))));
    }

    @ParameterizedTest
    @CsvSource({
        "jpeg-progressive-3000-scans.jpg, OVER_LIMIT, virtus.decode.max-jpeg-scans",
        "jpeg-progressive-30000-scans.jpg, OVER_LIMIT, virtus.decode.max-jpeg-scans",
        "jpeg-65500x65500.jpg, TOO_MANY_PIXELS, virtus.decode.max-dimension",
        "jpeg-30000x1.jpg, TOO_MANY_PIXELS, virtus.decode.max-dimension",
        "jpeg-10000x8.jpg, TOO_MANY_PIXELS, virtus.decode.max-aspect-ratio",
        "jpeg-ycck.jpg, DECODED, ",
        "jpeg-cmyk-no-adobe.jpg, DECODED, ",
        "jpeg-exif-offset-past-end.jpg, DECODED, ",
        "jpeg-exif-ifd-loop.jpg, DECODED, ",
        "bmp-embedded-jpeg.bmp, UNSUPPORTED_FORMAT, BMP compression 4",
        "bmp-embedded-png-20000x20000.bmp, UNSUPPORTED_FORMAT, BMP compression 5",
        "bmp-image-size-2gb.bmp, CORRUPT, declares 2147483632 bytes of pixel data",
        "bmp-data-offset-2gb.bmp, CORRUPT, pixel data offset 2147483632",
        "png-40000000x1.png, TOO_MANY_PIXELS, virtus.decode.max-dimension",
        "png-ztxt-bomb.png, DECODED, ",
        "png-iccp-bomb.png, DECODED, ",
        "png-idat-bomb-2000x2000.png, DECODED, ",
        "png-idat-bomb-16000x16000.png, TOO_MANY_PIXELS, virtus.decode.max-pixels",
        "png-chunk-length-2gb.png, CORRUPT, tEXt chunk declares 2147483632 bytes",
        "gif-5000-frames.gif, OVER_LIMIT, virtus.decode.max-frames",
        "gif-50-frames-16000x2400.gif, TOO_MANY_PIXELS, virtus.decode.max-total-pixels",
        "apng-acTL-2147483648-frames.png, OVER_LIMIT, virtus.decode.max-frames",
        "gif-frame-beyond-screen.gif, TOO_MANY_PIXELS, virtus.decode.max-dimension",
        "webp-vp8x-huge-canvas.webp, TOO_MANY_PIXELS, virtus.decode.max-dimension",
        "webp-frame-beyond-canvas.webp, CORRUPT, beyond its 4x4 canvas",
    })
    void should_answer_a_hostile_file_quickly_without_an_error(String name, String expected, String inMessage) {
        byte[] bytes = Fixtures.bytes(Fixtures.HOSTILE.resolve(name));

        long start = System.nanoTime();
        String answer;
        String message = "";
        try {
            RgbImage image = decoder.decode(bytes);
            answer = DECODED;
            message = image.width() + "x" + image.height();
        } catch (ImageDecodeException e) {
            answer = e.reason().name();
            message = e.getMessage();
        } catch (Throwable e) {
            fail(name + " was answered with " + e, e);
            return;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(expected, answer, name + ": " + message);
        assertTrue(inMessage == null || message.contains(inMessage), name + ": " + message);
        assertTrue(millis < MAX_MILLIS, name + " took " + millis + " ms");
        System.out.printf("%-36s %-20s %5d ms  %s%n", name, answer, millis, message);
    }

    /** JPEG: the scan limit lifted, 3000 scans would take seconds. PNG: its reader wraps what callbacks throw. */
    @ParameterizedTest
    @CsvSource({"jpeg-progressive-3000-scans.jpg, 300", "png-idat-bomb-2000x2000.png, 1"})
    void should_stop_a_decoder_at_the_timeout(String name, long timeoutMillis) {
        DecodeLimits scansUnbounded = new DecodeLimits(20 * 1024 * 1024, 40_000_000, 16384, 100, Integer.MAX_VALUE,
                Duration.ofMillis(timeoutMillis));
        byte[] bytes = Fixtures.bytes(Fixtures.HOSTILE.resolve(name));

        long start = System.nanoTime();
        ImageDecodeException error = assertThrows(ImageDecodeException.class, () -> new ImageDecoder(scansUnbounded).decode(bytes));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(ImageDecodeException.Reason.OVER_LIMIT, error.reason(), error.getMessage());
        assertTrue(error.getMessage().contains("virtus.decode.timeout"), error.getMessage());
        assertTrue(millis < MAX_MILLIS, "stopped after " + millis + " ms");
    }

    @Test
    void should_turn_running_out_of_memory_into_a_refusal() {
        DecodeLimits pixelsUnbounded = new DecodeLimits(20 * 1024 * 1024, Long.MAX_VALUE, 16384, 100, 100,
                Duration.ofSeconds(10));
        byte[] bytes = Fixtures.bytes(Fixtures.HOSTILE.resolve("png-idat-bomb-16000x16000.png"));

        // 256 MB of grey pixels, then 768 MB of RGB: more than this JVM's 256 MB heap can hold
        ImageDecodeException error = assertThrows(ImageDecodeException.class, () -> new ImageDecoder(pixelsUnbounded).decode(bytes));

        assertEquals(ImageDecodeException.Reason.OVER_LIMIT, error.reason(), error.getMessage());
        assertTrue(error.getMessage().contains("ran out of memory"), error.getMessage());
    }

    @Test
    void should_list_every_file_of_the_corpus() throws IOException {
        Set<String> listed = Stream.of(HostileInputTest.class.getDeclaredMethods())
                .map(m -> m.getAnnotation(CsvSource.class)).filter(java.util.Objects::nonNull)
                .flatMap(csv -> Stream.of(csv.value())).map(row -> row.split(",")[0].strip())
                .collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(Fixtures.HOSTILE)) {
            Set<String> corpus = files.map(f -> f.getFileName().toString()).filter(n -> !n.equals("README.md"))
                    .collect(Collectors.toSet());
            assertEquals(corpus, listed);
        }
    }
}
