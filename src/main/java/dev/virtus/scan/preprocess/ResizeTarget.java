package dev.virtus.scan.preprocess;

/** How {@code size} in {@code preprocessor_config.json} turns an image size into the resized size. */
public sealed interface ResizeTarget {

    /** Resized {@code (height, width)} for an input of {@code height x width}. */
    int[] outputSize(int height, int width);

    /** {@code {"height": h, "width": w}}: exactly that size. */
    record Exact(int height, int width) implements ResizeTarget {
        @Override
        public int[] outputSize(int inputHeight, int inputWidth) {
            return new int[] {height, width};
        }
    }

    /**
     * {@code {"shortest_edge": s}}: the short side becomes {@code s}, the long side keeps the aspect ratio,
     * truncated ({@code get_resize_output_image_size} with {@code default_to_square=False}).
     */
    record ShortestEdge(int shortestEdge) implements ResizeTarget {
        @Override
        public int[] outputSize(int height, int width) {
            int shortSide = Math.min(height, width);
            int longSide = Math.max(height, width);
            int newLong = (int) ((double) shortestEdge * longSide / shortSide);
            return width <= height ? new int[] {newLong, shortestEdge} : new int[] {shortestEdge, newLong};
        }
    }

    /**
     * {@code {"shortest_edge": s, "longest_edge": l}}: as {@link ShortestEdge}, unless the long side would
     * pass {@code l} ({@code get_size_with_aspect_ratio}).
     */
    record ShortestEdgeWithLimit(int shortestEdge, int longestEdge) implements ResizeTarget {
        @Override
        public int[] outputSize(int height, int width) {
            int size = shortestEdge;
            double rawSize = Double.NaN;
            double minOriginal = Math.min(height, width);
            double maxOriginal = Math.max(height, width);
            if (maxOriginal / minOriginal * size > longestEdge) {
                rawSize = longestEdge * minOriginal / maxOriginal;
                size = (int) Math.rint(rawSize);
            }
            if ((height <= width && height == size) || (width <= height && width == size)) {
                return new int[] {height, width};
            }
            double base = Double.isNaN(rawSize) ? size : rawSize;
            if (width < height) {
                return new int[] {(int) (base * height / width), size};
            }
            return new int[] {size, (int) (base * width / height)};
        }
    }
}
