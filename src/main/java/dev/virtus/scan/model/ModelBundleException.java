package dev.virtus.scan.model;

/** The configured export directory is missing, incomplete or altered; start-up cannot continue. */
public class ModelBundleException extends RuntimeException {

    static final String HOW_TO_FIX = " Produce an export directory with `python model/export.py --out DIR`"
            + " (see model/README.md) and point virtus.model.location (env VIRTUS_MODEL_LOCATION) at it.";

    public ModelBundleException(String problem) {
        super(problem + HOW_TO_FIX);
    }

    public ModelBundleException(String problem, Throwable cause) {
        super(problem + HOW_TO_FIX, cause);
    }
}
