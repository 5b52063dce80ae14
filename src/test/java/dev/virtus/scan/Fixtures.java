package dev.virtus.scan;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import dev.virtus.scan.decode.RgbImage;

/** The committed fixtures: images, bad inputs, tiny stand-in models and the Python goldens. */
public final class Fixtures {

    public static final Path ROOT = Path.of("src/test/resources/fixtures");
    public static final Path IMAGES = ROOT.resolve("images");
    public static final Path BAD = ROOT.resolve("bad");
    public static final Path HOSTILE = ROOT.resolve("hostile");
    public static final Path MODELS = ROOT.resolve("models");
    public static final Path GOLDENS = ROOT.resolve("goldens");
    /** Animated GIF, APNG and WebP files and their per-frame goldens (model/make_frame_goldens.py). */
    public static final Path FRAMES = ROOT.resolve("frames");

    private Fixtures() {
    }

    public static Stream<String> imageNames() {
        try (Stream<Path> files = Files.list(IMAGES)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An 8-bit RGB golden PNG written by PIL, read band by band with no colour conversion. */
    public static RgbImage readRgbPng(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            Raster raster = image.getRaster();
            if (raster.getNumBands() != 3 || image.getColorModel().getComponentSize(0) != 8) {
                throw new IllegalStateException(file + " is not an 8-bit RGB PNG");
            }
            int[] samples = raster.getPixels(0, 0, image.getWidth(), image.getHeight(), (int[]) null);
            byte[] pixels = new byte[samples.length];
            for (int i = 0; i < samples.length; i++) {
                pixels[i] = (byte) samples[i];
            }
            return new RgbImage(image.getWidth(), image.getHeight(), pixels);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Describes the first pixel where two images differ, for assertion messages. */
    public static String firstDifference(RgbImage expected, RgbImage actual) {
        if (expected.width() != actual.width() || expected.height() != actual.height()) {
            return "size " + actual.width() + "x" + actual.height() + " instead of " + expected.width() + "x" + expected.height();
        }
        byte[] e = expected.pixels();
        byte[] a = actual.pixels();
        int differing = 0;
        int first = -1;
        int maxDiff = 0;
        for (int i = 0; i < e.length; i++) {
            int diff = Math.abs((e[i] & 0xFF) - (a[i] & 0xFF));
            if (diff != 0) {
                differing++;
                maxDiff = Math.max(maxDiff, diff);
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (first < 0) {
            return "identical";
        }
        int pixel = first / 3;
        return differing + " of " + e.length + " samples differ (max " + maxDiff + "); first at x=" + pixel % expected.width()
                + " y=" + pixel / expected.width() + " channel " + first % 3 + ": expected " + (e[first] & 0xFF)
                + ", got " + (a[first] & 0xFF);
    }

    /** Largest absolute difference between two images' samples. */
    public static int maxAbsDifference(RgbImage expected, RgbImage actual) {
        int max = 0;
        for (int i = 0; i < expected.pixels().length; i++) {
            max = Math.max(max, Math.abs((expected.pixels()[i] & 0xFF) - (actual.pixels()[i] & 0xFF)));
        }
        return max;
    }
}
