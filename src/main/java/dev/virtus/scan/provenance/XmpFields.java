package dev.virtus.scan.provenance;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code Iptc4xmpExt:DigitalSourceType} and {@code xmp:CreatorTool} from an XMP packet, as an attribute
 * ({@code Iptc4xmpExt:DigitalSourceType="..."}) or a simple element. The packet is matched as text, not parsed as XML:
 * no entity is expanded and nothing is fetched; the packet is already bounded by {@link ProvenanceLimits#MAX_XMP_BYTES}.
 * The usual prefixes are assumed, as the generators that write these fields use them.
 */
final class XmpFields {

    private static final Pattern DIGITAL_SOURCE_TYPE = field("Iptc4xmpExt:DigitalSourceType");
    private static final Pattern CREATOR_TOOL = field("xmp:CreatorTool");
    private static final int MAX_VALUE_LENGTH = 512;

    private XmpFields() {
    }

    static IptcReport read(String xmp) {
        if (xmp == null) {
            return IptcReport.NONE;
        }
        return new IptcReport(value(DIGITAL_SOURCE_TYPE, xmp), value(CREATOR_TOOL, xmp));
    }

    private static Pattern field(String name) {
        String quoted = Pattern.quote(name);
        return Pattern.compile(quoted + "\\s*=\\s*(?:\"([^\"<]{0," + MAX_VALUE_LENGTH + "})\"|'([^'<]{0,"
                + MAX_VALUE_LENGTH + "})')|<" + quoted + ">([^<]{0," + MAX_VALUE_LENGTH + "})</" + quoted + ">");
    }

    private static String value(Pattern pattern, String xmp) {
        Matcher matcher = pattern.matcher(xmp);
        if (!matcher.find()) {
            return null;
        }
        for (int group = 1; group <= 3; group++) {
            if (matcher.group(group) != null) {
                String value = unescape(matcher.group(group).strip());
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    /** The five XML predefined entities; others are left as written. */
    private static String unescape(String value) {
        return value.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
                .replace("&amp;", "&");
    }
}
