package dev.virtus.scan.model;

import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.virtus.scan.preprocess.ImageProcessorConfig;
import dev.virtus.scan.preprocess.ResampleFilter;
import dev.virtus.scan.preprocess.ResizeTarget;

/**
 * Reads {@code preprocessor_config.json} the way transformers does: keys present in the file win,
 * missing keys take the defaults of the named image-processor class.
 */
final class PreprocessorConfigReader {

    private static final float[] IMAGENET_STANDARD = {0.5f, 0.5f, 0.5f};

    private record ClassDefaults(ResizeTarget size, ResampleFilter resample, boolean doCenterCrop) {
    }

    private static final Map<String, ClassDefaults> SUPPORTED = Map.of(
            "ViTImageProcessor", new ClassDefaults(new ResizeTarget.Exact(224, 224), ResampleFilter.BILINEAR, false),
            "DeiTImageProcessor", new ClassDefaults(new ResizeTarget.Exact(256, 256), ResampleFilter.BICUBIC, true));

    private PreprocessorConfigReader() {
    }

    static ImageProcessorConfig read(JsonNode json) {
        String type = json.path("image_processor_type").asText("");
        String baseType = type.replaceFirst("(Pil|Fast)$", "");
        ClassDefaults defaults = SUPPORTED.get(baseType);
        if (defaults == null) {
            throw new ModelBundleException("preprocessor_config.json names image_processor_type '" + type
                    + "'; supported: " + SUPPORTED.keySet() + ".");
        }
        int[] crop = json.has("crop_size") ? squareOrHeightWidth(json.get("crop_size"), "crop_size") : new int[] {224, 224};
        return new ImageProcessorConfig(
                json.path("do_resize").asBoolean(true),
                json.has("size") ? resizeTarget(json.get("size")) : defaults.size(),
                json.has("resample") ? resample(json.get("resample")) : defaults.resample(),
                json.path("do_center_crop").asBoolean(defaults.doCenterCrop()),
                crop[0],
                crop[1],
                json.path("do_rescale").asBoolean(true),
                json.path("rescale_factor").asDouble(1 / 255.0),
                json.path("do_normalize").asBoolean(true),
                json.has("image_mean") ? channels(json.get("image_mean"), "image_mean") : IMAGENET_STANDARD,
                json.has("image_std") ? channels(json.get("image_std"), "image_std") : IMAGENET_STANDARD);
    }

    private static ResizeTarget resizeTarget(JsonNode size) {
        if (size.isInt()) {
            return new ResizeTarget.Exact(size.intValue(), size.intValue());
        }
        if (size.has("height") && size.has("width")) {
            return new ResizeTarget.Exact(size.get("height").intValue(), size.get("width").intValue());
        }
        if (size.has("shortest_edge") && size.has("longest_edge")) {
            return new ResizeTarget.ShortestEdgeWithLimit(size.get("shortest_edge").intValue(),
                    size.get("longest_edge").intValue());
        }
        if (size.has("shortest_edge")) {
            return new ResizeTarget.ShortestEdge(size.get("shortest_edge").intValue());
        }
        throw new ModelBundleException("preprocessor_config.json has an unsupported size " + size
                + "; expected {height, width}, {shortest_edge} or {shortest_edge, longest_edge}.");
    }

    private static int[] squareOrHeightWidth(JsonNode size, String key) {
        if (size.isInt()) {
            return new int[] {size.intValue(), size.intValue()};
        }
        if (size.has("height") && size.has("width")) {
            return new int[] {size.get("height").intValue(), size.get("width").intValue()};
        }
        throw new ModelBundleException("preprocessor_config.json has an unsupported " + key + " " + size + ".");
    }

    private static ResampleFilter resample(JsonNode resample) {
        try {
            return resample.isInt()
                    ? ResampleFilter.fromPilCode(resample.intValue())
                    : ResampleFilter.valueOf(resample.asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ModelBundleException("preprocessor_config.json has an unknown resample " + resample + ".", e);
        }
    }

    private static float[] channels(JsonNode values, String key) {
        if (values.isNumber()) {
            float value = (float) values.doubleValue();
            return new float[] {value, value, value};
        }
        if (!values.isArray() || values.size() != 3) {
            throw new ModelBundleException("preprocessor_config.json " + key + " must hold 3 numbers, got " + values + ".");
        }
        float[] out = new float[3];
        for (int i = 0; i < 3; i++) {
            out[i] = (float) values.get(i).doubleValue();
        }
        return out;
    }
}
