package dev.virtus.scan.classify;

import java.util.List;
import java.util.Locale;

import dev.virtus.scan.config.VirtusConfig.Faces.Mode;

/**
 * What face-aware scoring did with one image ({@code virtus.faces.mode} {@code crop} or {@code require}).
 *
 * @param mode {@code crop} or {@code require}
 * @param found faces of at least {@code virtus.faces.min-size}; those beyond {@code virtus.faces.max-faces} are
 *        counted but not judged
 * @param wholeImage true when no face was found and {@code crop} judged the whole image instead
 * @param detectionMs time spent detecting (included in the result's {@code preprocessMs})
 * @param judged the faces judged, surest first; the image's verdict is the one with the highest score
 */
public record FaceReport(String mode, int found, boolean wholeImage, double detectionMs, List<FaceVerdict> judged) {

    public FaceReport {
        judged = List.copyOf(judged);
    }

    static FaceReport noFace(Mode mode, double detectionMs) {
        return new FaceReport(mode.name().toLowerCase(Locale.ROOT), 0, mode == Mode.CROP, detectionMs, List.of());
    }

    static FaceReport judged(Mode mode, int found, double detectionMs, List<FaceVerdict> judged) {
        return new FaceReport(mode.name().toLowerCase(Locale.ROOT), found, false, detectionMs, judged);
    }
}
