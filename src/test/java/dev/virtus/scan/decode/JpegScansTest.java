package dev.virtus.scan.decode;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;

import org.junit.jupiter.api.Test;

import dev.virtus.scan.decode.ImageDecodeException.Reason;

/** The scan count on hand-built marker sequences: the count is what matters, not whether the JPEG decodes. */
class JpegScansTest {

    /** Entropy-coded data with a stuffed 0xFF 0x00 and a restart marker, neither of which ends the scan. */
    private static final int[] ENTROPY = {0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD3, 0x56};

    private final ByteArrayOutputStream jpeg = new ByteArrayOutputStream();

    JpegScansTest() {
        bytes(0xFF, 0xD8);
    }

    private JpegScansTest bytes(int... values) {
        for (int value : values) {
            jpeg.write(value);
        }
        return this;
    }

    /** A marker segment whose length field counts itself and {@code payload} bytes. */
    private JpegScansTest segment(int marker, int payload) {
        bytes(0xFF, marker, (payload + 2) >> 8, (payload + 2) & 0xFF);
        for (int i = 0; i < payload; i++) {
            jpeg.write(i);
        }
        return this;
    }

    private JpegScansTest scans(int count) {
        for (int i = 0; i < count; i++) {
            segment(0xDA, 3).bytes(ENTROPY);
        }
        return this;
    }

    private void accepted(int maxScans) {
        byte[] file = jpeg.toByteArray();
        assertDoesNotThrow(() -> JpegScans.requireAtMost(file, maxScans));
    }

    private ImageDecodeException refused(int maxScans) {
        byte[] file = jpeg.toByteArray();
        return assertThrows(ImageDecodeException.class, () -> JpegScans.requireAtMost(file, maxScans));
    }

    @Test
    void should_accept_as_many_scans_as_the_limit() {
        segment(0xDB, 65).segment(0xC2, 15).scans(3).bytes(0xFF, 0xD9);

        accepted(3);
    }

    @Test
    void should_refuse_one_scan_more_than_the_limit() {
        segment(0xDB, 65).segment(0xC2, 15).scans(4).bytes(0xFF, 0xD9);

        ImageDecodeException error = refused(3);

        assertEquals(Reason.OVER_LIMIT, error.reason());
        assertEquals("the JPEG image has more than 3 scans; the limit is 3 (virtus.decode.max-jpeg-scans)", error.getMessage());
    }

    @Test
    void should_count_scans_separated_by_tables_and_fill_bytes() {
        scans(1).segment(0xC4, 20).bytes(0xFF, 0xFF).scans(1).bytes(0xFF, 0xFF, 0xFF).segment(0xDD, 2).scans(1);

        assertEquals(Reason.OVER_LIMIT, refused(2).reason());
    }

    @Test
    void should_skip_markers_without_a_length() {
        // TEM and a stray RST carry no length field: read as segments they would swallow the scans after them
        bytes(0xFF, 0x01, 0xFF, 0xD5).scans(2);

        assertEquals(Reason.OVER_LIMIT, refused(1).reason());
    }

    @Test
    void should_count_a_scan_whose_data_runs_to_the_end_of_the_file() {
        scans(2);

        assertEquals(Reason.OVER_LIMIT, refused(1).reason());
    }

    @Test
    void should_stop_counting_at_the_end_of_image() {
        scans(1).bytes(0xFF, 0xD9).scans(5);

        accepted(1);
    }

    @Test
    void should_stop_counting_where_a_marker_is_missing() {
        // the decoder reports the damage; the count does not guess where the next marker is
        segment(0xDB, 65).bytes(0x00).scans(5);

        accepted(4);
    }

    @Test
    void should_stop_at_a_length_cut_short_by_the_end_of_the_file() {
        scans(1).bytes(0xFF, 0xDA, 0x00);

        accepted(1);
    }

    @Test
    void should_count_a_scan_whose_length_is_the_last_two_bytes() {
        scans(1).bytes(0xFF, 0xDA, 0x00, 0x02);

        assertEquals(Reason.OVER_LIMIT, refused(1).reason());
    }

    @Test
    void should_go_on_counting_past_a_stray_start_of_image_between_scans() {
        // SOI carries no length: read as a segment, its "length" would be the next marker and swallow the scans after it
        scans(1).bytes(0xFF, 0xD8).scans(2);

        assertEquals(Reason.OVER_LIMIT, refused(2).reason());
    }
}
