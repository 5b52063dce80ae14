package dev.virtus.scan.faces;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class WeightedNonMaxSuppressionTest {

    @Test
    void should_blend_overlapping_boxes_weighted_by_score_and_keep_the_best_score() {
        FaceBox best = new FaceBox(0, 0, 10, 10, 0.9);
        FaceBox shifted = new FaceBox(1, 1, 11, 11, 0.6);

        List<FaceBox> faces = WeightedNonMaxSuppression.apply(List.of(shifted, best), 0.3);

        // corners: (0 * 0.9 + 1 * 0.6) / 1.5 = 0.4 and (10 * 0.9 + 11 * 0.6) / 1.5 = 10.4
        assertEquals(1, faces.size());
        assertEquals(0.4, faces.get(0).left(), 1e-12);
        assertEquals(0.4, faces.get(0).top(), 1e-12);
        assertEquals(10.4, faces.get(0).right(), 1e-12);
        assertEquals(10.4, faces.get(0).bottom(), 1e-12);
        assertEquals(0.9, faces.get(0).detectionScore());
    }

    @Test
    void should_keep_boxes_overlapping_by_at_most_the_threshold_apart_best_first() {
        FaceBox left = new FaceBox(0, 0, 10, 10, 0.625);
        FaceBox right = new FaceBox(5, 0, 15, 10, 0.75); // IoU 50 / 150 = 0.33
        FaceBox far = new FaceBox(100, 100, 110, 110, 0.875); // scores exact in binary: a lone box comes back unchanged

        List<FaceBox> faces = WeightedNonMaxSuppression.apply(List.of(left, right, far), 0.34);

        assertEquals(List.of(far, right, left), faces);
    }

    @Test
    void should_lay_out_mediapipes_896_anchors_of_the_256_input() {
        double[][] anchors = Anchors.centres(256, List.of(16, 32, 32, 32), 2, 0.5);

        assertEquals(16 * 16 * 2 + 8 * 8 * 6, anchors.length);
        assertEquals(0.5 / 16, anchors[0][0]);
        assertEquals(0.5 / 16, anchors[1][0]);
        assertEquals(1.5 / 16, anchors[2][0]);
        assertEquals(0.5 / 8, anchors[512][0]);
        assertEquals(0.5 / 8, anchors[517][1]);
        assertEquals(1.5 / 8, anchors[518][0]);
        assertEquals(7.5 / 8, anchors[895][1]);
    }
}
