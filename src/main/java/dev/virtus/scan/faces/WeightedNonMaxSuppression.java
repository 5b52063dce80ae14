package dev.virtus.scan.faces;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * MediaPipe's {@code NonMaxSuppressionCalculator} with the {@code WEIGHTED} algorithm and IoU overlap: the best
 * remaining detection and every remaining one overlapping it by more than the threshold become one face, their
 * corners averaged with the scores as weights, keeping the best one's score. Blending rather than dropping steadies
 * the box, which BlazeFace predicts from many anchors at once.
 */
final class WeightedNonMaxSuppression {

    private WeightedNonMaxSuppression() {
    }

    static List<FaceBox> apply(List<FaceBox> detections, double minSuppressionIou) {
        List<FaceBox> remaining = new ArrayList<>(detections);
        // List.sort is stable: equal scores keep anchor order, as the Python reference's sorted() does.
        remaining.sort(Comparator.comparingDouble(FaceBox::detectionScore).reversed());
        List<FaceBox> faces = new ArrayList<>();
        while (!remaining.isEmpty()) {
            FaceBox best = remaining.get(0);
            List<FaceBox> rest = new ArrayList<>();
            double total = 0;
            double left = 0;
            double top = 0;
            double right = 0;
            double bottom = 0;
            for (FaceBox candidate : remaining) {
                if (candidate.iou(best) > minSuppressionIou) {
                    double weight = candidate.detectionScore();
                    total += weight;
                    left += candidate.left() * weight;
                    top += candidate.top() * weight;
                    right += candidate.right() * weight;
                    bottom += candidate.bottom() * weight;
                } else {
                    rest.add(candidate);
                }
            }
            // A box of no area overlaps nothing, itself included: MediaPipe keeps it as it is.
            faces.add(total == 0 ? best
                    : new FaceBox(left / total, top / total, right / total, bottom / total, best.detectionScore()));
            if (rest.size() == remaining.size()) {
                break;
            }
            remaining = rest;
        }
        return faces;
    }
}
