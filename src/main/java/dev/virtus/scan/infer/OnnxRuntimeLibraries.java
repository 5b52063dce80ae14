package dev.virtus.scan.infer;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;

import ai.onnxruntime.OrtEnvironment;

/**
 * ONNX Runtime's environment, with its native libraries loaded from where the Lambda build ships them: the
 * {@code onnxruntime/} folder of function.zip, beside {@code lib/}. From its jar, ONNX Runtime would copy both
 * libraries to a temporary file at every start (about 0.17 s under Lambda's JVM flags). Elsewhere (tests, the
 * command line, the GPU service) no such folder exists and the libraries come from the jar as usual; an
 * {@code onnxruntime.native.path} already set (the native build's bootstrap sets it) is left alone.
 */
public final class OnnxRuntimeLibraries {

    static final String PATH_PROPERTY = "onnxruntime.native.path";
    static final String FOLDER = "onnxruntime";
    private static final String LIBRARY = System.mapLibraryName("onnxruntime");

    private OnnxRuntimeLibraries() {
    }

    public static synchronized OrtEnvironment environment() {
        if (System.getProperty(PATH_PROPERTY) == null) {
            besideJars(jarOf(OrtEnvironment.class)).ifPresent(folder -> System.setProperty(PATH_PROPERTY, folder.toString()));
        }
        return OrtEnvironment.getEnvironment();
    }

    /** {@code <root>/onnxruntime} for a jar at {@code <root>/lib/<jar>}, when that folder holds the library. */
    static Optional<Path> besideJars(Optional<Path> jar) {
        return jar.map(Path::toAbsolutePath)
                .map(Path::getParent)
                .filter(lib -> lib.getFileName() != null && lib.getFileName().toString().equals("lib"))
                .map(lib -> lib.resolveSibling(FOLDER))
                .filter(folder -> Files.isRegularFile(folder.resolve(LIBRARY)));
    }

    private static Optional<Path> jarOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null || !"file".equals(source.getLocation().getProtocol())) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
