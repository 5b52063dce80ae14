package dev.virtus.scan.decode;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.virtus.scan.decode.ImageDecodeException.Reason;

/** The BMP header checks on hand-built headers: file header (14 bytes), then the info header. */
class BmpHeaderTest {

    /** A BMP of {@code length} bytes: pixel data at {@code dataOffset}, a 40-byte info header with the given fields. */
    private static byte[] bmp(int length, long dataOffset, long infoHeaderBytes, long compression, long imageSize) {
        ByteBuffer file = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        file.put((byte) 'B').put((byte) 'M').putInt(length).putInt(0).putInt((int) dataOffset);
        file.putInt((int) infoHeaderBytes).putInt(2).putInt(2).putShort((short) 1).putShort((short) 24);
        if (length >= 38) {
            file.putInt((int) compression).putInt((int) imageSize);
        }
        return file.array();
    }

    private static ImageDecodeException refusal(byte[] bytes) {
        return assertThrows(ImageDecodeException.class, () -> BmpHeader.requireConsistent(bytes));
    }

    @Test
    void should_accept_pixel_data_that_fills_the_rest_of_the_file() {
        assertDoesNotThrow(() -> BmpHeader.requireConsistent(bmp(70, 54, 40, 0, 16)));
    }

    @Test
    void should_accept_a_data_offset_at_the_very_end_of_the_file() {
        assertDoesNotThrow(() -> BmpHeader.requireConsistent(bmp(54, 54, 40, 0, 0)));
    }

    @Test
    void should_refuse_a_data_offset_past_the_end_of_the_file() {
        ImageDecodeException error = refusal(bmp(54, 55, 40, 0, 0));

        assertEquals(Reason.CORRUPT, error.reason());
        assertEquals("the BMP image's pixel data offset 55 lies beyond its 54 bytes", error.getMessage());
    }

    @Test
    void should_read_the_data_offset_as_an_unsigned_little_endian_number() {
        ImageDecodeException error = refusal(bmp(54, 0x81020304L, 40, 0, 0));

        assertEquals("the BMP image's pixel data offset 2164392708 lies beyond its 54 bytes", error.getMessage());
    }

    @ParameterizedTest(name = "compression {0}")
    @ValueSource(ints = {0, 1, 2, 3})
    void should_accept_the_compressions_pillow_reads(int compression) {
        assertDoesNotThrow(() -> BmpHeader.requireConsistent(bmp(70, 54, 40, compression, 16)));
    }

    @ParameterizedTest(name = "compression {0}")
    @CsvSource(delimiter = '|', value = {
        "4 | BMP compression 4 (an embedded JPEG) is not supported; Pillow reads compressions 0 to 3 only",
        "5 | BMP compression 5 (an embedded PNG) is not supported; Pillow reads compressions 0 to 3 only",
        "6 | BMP compression 6 is not supported; Pillow reads compressions 0 to 3 only",
        "4294967295 | BMP compression 4294967295 is not supported; Pillow reads compressions 0 to 3 only",
    })
    void should_refuse_other_compressions_naming_embedded_images(long compression, String message) {
        ImageDecodeException error = refusal(bmp(70, 54, 40, compression, 16));

        assertEquals(Reason.UNSUPPORTED_FORMAT, error.reason());
        assertEquals(message, error.getMessage());
    }

    @Test
    void should_skip_the_compression_and_size_checks_for_an_os2_core_header() {
        // bytes 30..37 of an OS/2 BMP are pixel data, whatever they look like
        assertDoesNotThrow(() -> BmpHeader.requireConsistent(bmp(70, 26, 12, 4, 0x7FFFFFFF)));
    }

    @Test
    void should_skip_the_compression_check_when_the_file_ends_before_it() {
        byte[] bytes = bmp(37, 37, 40, 0, 0);
        bytes[30] = 4; // the first three bytes of a compression field cut short

        assertDoesNotThrow(() -> BmpHeader.requireConsistent(bytes));
    }

    @Test
    void should_check_the_compression_of_a_file_that_ends_right_after_the_field() {
        ImageDecodeException error = refusal(bmp(38, 38, 40, 4, 0));

        assertEquals(Reason.UNSUPPORTED_FORMAT, error.reason());
    }

    @Test
    void should_refuse_an_image_size_larger_than_the_pixel_data_in_the_file() {
        ImageDecodeException error = refusal(bmp(70, 54, 40, 1, 17));

        assertEquals(Reason.CORRUPT, error.reason());
        assertEquals("the BMP image declares 17 bytes of pixel data; the file holds 16 after its headers", error.getMessage());
    }

    @Test
    void should_read_the_image_size_as_an_unsigned_number() {
        ImageDecodeException error = refusal(bmp(70, 54, 40, 1, 0xFFFFFFFFL));

        assertEquals("the BMP image declares 4294967295 bytes of pixel data; the file holds 16 after its headers",
                error.getMessage());
    }
}
