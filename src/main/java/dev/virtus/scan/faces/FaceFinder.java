package dev.virtus.scan.faces;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.config.VirtusConfig.Faces.Mode;
import dev.virtus.scan.decode.RgbImage;
import dev.virtus.scan.model.ModelBundle;
import dev.virtus.scan.model.ModelBundleException;

/** The faces an image's verdict is made of, by the rules of {@code virtus.faces.*}; owns the detector. */
public final class FaceFinder implements AutoCloseable {

    private final Mode mode;
    private final FaceDetector detector;
    private final FaceCropper cropper;
    private final int minSize;
    private final int maxFaces;

    public FaceFinder(Mode mode, FaceDetector detector, double margin, int minSize, int maxFaces) {
        if (mode == Mode.OFF) {
            throw new IllegalArgumentException("a face finder is for virtus.faces.mode crop or require");
        }
        if (maxFaces < 1) {
            throw new IllegalArgumentException("virtus.faces.max-faces must be at least 1, got " + maxFaces);
        }
        this.mode = mode;
        this.detector = detector;
        this.cropper = new FaceCropper(margin);
        this.minSize = minSize;
        this.maxFaces = maxFaces;
    }

    /**
     * The finder the settings ask for: none when {@code virtus.faces.mode} is {@code off}.
     *
     * @throws ModelBundleException when faces are asked for but the export directory has no face detector
     */
    public static Optional<FaceFinder> create(ModelBundle bundle, VirtusConfig config) {
        VirtusConfig.Faces faces = config.faces();
        if (faces.mode() == Mode.OFF) {
            return Optional.empty();
        }
        if (bundle.faceDetector() == null) {
            throw new ModelBundleException("virtus.faces.mode=" + faces.mode().name().toLowerCase(Locale.ROOT)
                    + " needs a face detector in the model export directory: export it with model/export.py --faces.");
        }
        FaceDetector detector = new FaceDetector(bundle.faceDetector(), config.inference().intraOpThreadCount());
        try {
            return Optional.of(new FaceFinder(faces.mode(), detector, faces.margin(), faces.minSize(), faces.maxFaces()));
        } catch (RuntimeException e) {
            detector.close();
            throw e;
        }
    }

    public Mode mode() {
        return mode;
    }

    public FoundFaces find(RgbImage image) {
        long start = System.nanoTime();
        List<FaceBox> large = detector.detect(image).stream().filter(face -> face.longerSide() >= minSize).toList();
        return new FoundFaces(large.subList(0, Math.min(maxFaces, large.size())), large.size(),
                (System.nanoTime() - start) / 1_000_000.0);
    }

    public int minSize() {
        return minSize;
    }

    public RgbImage crop(RgbImage image, FaceBox face) {
        return cropper.crop(image, face);
    }

    @Override
    public void close() {
        detector.close();
    }
}
