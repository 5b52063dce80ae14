package dev.virtus.scan.classify;

import java.util.Map;

import dev.virtus.scan.faces.FaceBox;
import dev.virtus.scan.verdict.Verdict;

/**
 * One judged face: where it is, how sure the detector is, and what the model says about its crop.
 *
 * @param box left, top, right, bottom in image pixels, and the detector's score
 * @param score probability of the positive label for this face
 */
public record FaceVerdict(FaceBox box, String label, double score, Map<String, Double> probabilities) {

    static FaceVerdict of(FaceBox box, Verdict verdict) {
        return new FaceVerdict(box, verdict.label(), verdict.score(), verdict.probabilities());
    }
}
