package dev.virtus.scan.provenance;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The IPTC digital source type vocabulary (https://cv.iptc.org/newscodes/digitalsourcetype/), grouped by what a
 * declaration says about how the image was made.
 */
final class DigitalSourceTypes {

    private static final String IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/";
    /** Made by a generative model as a whole. */
    private static final Set<String> AI_GENERATED = Set.of("trainedAlgorithmicMedia");
    /** A composite that includes generated parts ("generative fill"). */
    private static final Set<String> AI_EDITED = Set.of("compositeWithTrainedAlgorithmicMedia", "compositeSynthetic");
    /** Captured by a camera's sensor, possibly with the camera's computational processing. */
    private static final Set<String> CAPTURED = Set.of("digitalCapture", "computationalCapture");

    private DigitalSourceTypes() {
    }

    /** The term after the vocabulary's URI (also accepted alone and over https), or the value unchanged. */
    static String term(String digitalSourceType) {
        if (digitalSourceType == null) {
            return null;
        }
        String value = digitalSourceType.strip();
        int slash = value.lastIndexOf('/');
        return value.startsWith(IPTC) || value.startsWith("https://cv.iptc.org/newscodes/digitalsourcetype/")
                ? value.substring(slash + 1) : value;
    }

    static boolean aiGenerated(String digitalSourceType) {
        return is(AI_GENERATED, digitalSourceType);
    }

    static boolean aiEdited(String digitalSourceType) {
        return is(AI_EDITED, digitalSourceType);
    }

    static boolean captured(String digitalSourceType) {
        return is(CAPTURED, digitalSourceType);
    }

    private static boolean is(Set<String> group, String digitalSourceType) {
        return digitalSourceType != null && group.contains(term(digitalSourceType));
    }

    /** The declaration that says most about AI among the actions: generated, then edited, then any other. */
    static String strongest(List<Action> actions) {
        var declared = actions.stream().map(Action::digitalSourceType).filter(Objects::nonNull).toList();
        return declared.stream().filter(DigitalSourceTypes::aiGenerated).findFirst()
                .or(() -> declared.stream().filter(DigitalSourceTypes::aiEdited).findFirst())
                .or(() -> declared.stream().findFirst())
                .orElse(null);
    }
}
