package dev.virtus.scan.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The files to classify: files named on the command line as they are; folders searched recursively for
 * files with an image extension, in path order. Formats are told from the bytes, so the extensions include
 * image formats the decoder refuses (HEIC, AVIF, TIFF, SVG...): those are reported, not silently skipped.
 */
final class ImageFiles {

    private static final Set<String> IMAGE_EXTENSIONS = Set.of(
            "jpg", "jpeg", "jpe", "jfif", "png", "gif", "bmp", "webp",
            "heic", "heif", "avif", "tif", "tiff", "svg", "jxl");

    private ImageFiles() {
    }

    static List<Path> find(List<Path> roots) {
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                List<Path> images = inFolder(root);
                if (images.isEmpty()) {
                    throw new CliException(root + " holds no image files (looked for " + new TreeSet<>(IMAGE_EXTENSIONS) + ").");
                }
                files.addAll(images);
            } else if (Files.exists(root)) {
                files.add(root);
            } else {
                throw new CliException(root + " does not exist.");
            }
        }
        return files;
    }

    static List<Path> inFolder(Path folder) {
        try (Stream<Path> tree = Files.walk(folder)) {
            return tree.filter(Files::isRegularFile).filter(ImageFiles::isVisibleImageName).sorted().toList();
        } catch (IOException e) {
            throw new CliException("cannot list " + folder + ": " + e.getMessage());
        }
    }

    /** Hidden files are skipped: macOS writes {@code ._name.jpg} companions that are not images. */
    private static boolean isVisibleImageName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return !name.startsWith(".") && dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
