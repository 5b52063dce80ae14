package dev.virtus.scan.decode;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.virtus.scan.decode.ImageDecodeException.Reason;

/** The chunk walk on hand-built PNGs: signature, then chunks of length, type, data and CRC (left zero). */
class PngChunksTest {

    private final ByteArrayOutputStream png = new ByteArrayOutputStream();

    PngChunksTest() {
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    }

    private PngChunksTest chunk(String type, long declaredLength, int dataBytes) {
        png.write((int) (declaredLength >>> 24));
        png.write((int) (declaredLength >>> 16));
        png.write((int) (declaredLength >>> 8));
        png.write((int) declaredLength);
        png.writeBytes(type.getBytes(StandardCharsets.ISO_8859_1));
        png.writeBytes(new byte[dataBytes + 4]);
        return this;
    }

    private PngChunksTest chunk(String type, int length) {
        return chunk(type, length, length);
    }

    private void accepted() {
        byte[] file = png.toByteArray();
        assertDoesNotThrow(() -> PngChunks.requireWithinFile(file));
    }

    private ImageDecodeException refused() {
        byte[] file = png.toByteArray();
        return assertThrows(ImageDecodeException.class, () -> PngChunks.requireWithinFile(file));
    }

    @Test
    void should_accept_chunks_that_fit_the_file() {
        chunk("IHDR", 13).chunk("IDAT", 40).chunk("IEND", 0);

        accepted();
    }

    @Test
    void should_refuse_a_chunk_running_past_the_end_of_the_file_with_chunks_after_it() {
        chunk("IHDR", 13).chunk("zTXt", 53, 40).chunk("IEND", 0);

        ImageDecodeException error = refused();

        assertEquals(Reason.CORRUPT, error.reason());
        // after the zTXt chunk's 12 bytes of length, type and CRC: its 40 bytes of data and IEND's 12
        assertEquals("the PNG image's zTXt chunk declares 53 bytes; the file holds 52 after it", error.getMessage());
    }

    @Test
    void should_accept_a_last_chunk_that_ends_exactly_at_the_end_of_the_file() {
        chunk("IHDR", 13).chunk("IDAT", 40);

        accepted();
    }

    @Test
    void should_refuse_a_last_chunk_one_byte_longer_than_the_file() {
        chunk("IHDR", 13).chunk("IDAT", 41, 40);

        assertEquals("the PNG image's IDAT chunk declares 41 bytes; the file holds 40 after it", refused().getMessage());
    }

    @Test
    void should_read_the_length_as_an_unsigned_number() {
        chunk("IHDR", 13).chunk("IDAT", 0x80000000L, 0);

        assertEquals("the PNG image's IDAT chunk declares 2147483648 bytes; the file holds 0 after it", refused().getMessage());
    }

    @Test
    void should_stop_at_iend_whatever_follows() {
        chunk("IHDR", 13).chunk("IEND", 0).chunk("tEXt", 0xFFFFFFFFL, 0);

        accepted();
    }

    @Test
    void should_leave_a_trailing_fragment_too_short_for_a_chunk_to_the_decoder() {
        chunk("IHDR", 13);
        png.writeBytes(new byte[] {0x7F, 0, 0, 0, 'I', 'D', 'A', 'T', 0, 0, 0});

        accepted();
    }

    @Test
    void should_check_a_chunk_header_that_ends_exactly_at_the_end_of_the_file() {
        chunk("IHDR", 13).chunk("IDAT", 1, 0);

        assertEquals("the PNG image's IDAT chunk declares 1 bytes; the file holds 0 after it", refused().getMessage());
    }
}
