package dev.virtus.scan.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A folder of labelled images: one sub-folder per label, named like one of the model's labels in any case
 * ({@code real/}, {@code fake/}), images anywhere below it. Files directly in the folder are ignored.
 */
final class LabelledFolder {

    record LabelledImage(Path file, int label) {
    }

    private LabelledFolder() {
    }

    static List<LabelledImage> read(Path folder, List<String> labels) {
        if (!Files.isDirectory(folder)) {
            throw new CliException(folder + " is not a folder.");
        }
        List<Path> subFolders;
        try (Stream<Path> children = Files.list(folder)) {
            subFolders = children.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new CliException("cannot list " + folder + ": " + e.getMessage());
        }
        if (subFolders.isEmpty()) {
            throw new CliException(folder + " has no sub-folders; it needs one per label, named like the model's labels " + labels + ".");
        }
        List<LabelledImage> images = new ArrayList<>();
        for (Path subFolder : subFolders) {
            int label = labelOf(subFolder.getFileName().toString(), labels, subFolder);
            ImageFiles.inFolder(subFolder).forEach(file -> images.add(new LabelledImage(file, label)));
        }
        if (images.isEmpty()) {
            throw new CliException("the label folders of " + folder + " hold no images.");
        }
        return images;
    }

    private static int labelOf(String name, List<String> labels, Path subFolder) {
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        throw new CliException("the folder " + subFolder + " is not named after one of the model's labels " + labels
                + " (case does not matter).");
    }
}
