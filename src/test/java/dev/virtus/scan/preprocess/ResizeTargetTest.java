package dev.virtus.scan.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The resized {@code (height, width)} of each {@code size} form, derived by hand from transformers' rules. */
class ResizeTargetTest {

    @ParameterizedTest(name = "{0}x{1} -> {2}x{3}")
    @CsvSource({
            "480, 640, 224, 224",
            "1, 5000, 224, 224"})
    void should_give_exactly_the_size_asked(int height, int width, int expectedHeight, int expectedWidth) {
        assertArrayEquals(new int[] {expectedHeight, expectedWidth}, new ResizeTarget.Exact(224, 224).outputSize(height, width));
    }

    @ParameterizedTest(name = "{0}x{1} -> {2}x{3}")
    @CsvSource({
            // 256 * 640 / 480 = 341.33, truncated
            "480, 640, 256, 341",
            "640, 480, 341, 256",
            "300, 300, 256, 256",
            "100, 1000, 256, 2560",
            "1000, 100, 2560, 256",
            "256, 400, 256, 400"})
    void should_bring_the_short_side_to_the_shortest_edge(int height, int width, int expectedHeight, int expectedWidth) {
        assertArrayEquals(new int[] {expectedHeight, expectedWidth}, new ResizeTarget.ShortestEdge(256).outputSize(height, width));
    }

    @ParameterizedTest(name = "{0}x{1} -> {2}x{3}")
    @CsvSource({
            // 640 / 480 * 800 = 1066.7 <= 1333: the short side becomes 800, 800 * 640 / 480 = 1066.7 truncated
            "480, 640, 800, 1066",
            "640, 480, 1066, 800",
            // 2000 / 500 * 800 = 3200 > 1333: size = rint(1333 * 500 / 2000 = 333.25) = 333, long side 333.25 * 4 = 1333
            "500, 2000, 333, 1333",
            "2000, 500, 1333, 333",
            // the short side is the size already: unchanged
            "800, 1000, 800, 1000",
            "1000, 800, 1000, 800",
            "800, 800, 800, 800"})
    void should_bring_the_short_side_to_the_shortest_edge_unless_the_long_side_passes_its_limit(int height, int width,
            int expectedHeight, int expectedWidth) {
        assertArrayEquals(new int[] {expectedHeight, expectedWidth},
                new ResizeTarget.ShortestEdgeWithLimit(800, 1333).outputSize(height, width));
    }
}
