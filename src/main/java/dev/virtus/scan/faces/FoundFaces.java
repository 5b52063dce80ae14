package dev.virtus.scan.faces;

import java.util.List;

/**
 * The faces of one image worth judging.
 *
 * @param judged at most {@code virtus.faces.max-faces} faces, surest first
 * @param count faces found of at least {@code virtus.faces.min-size}, judged or not
 * @param detectionMs time spent detecting
 */
public record FoundFaces(List<FaceBox> judged, int count, double detectionMs) {

    public FoundFaces {
        judged = List.copyOf(judged);
    }
}
