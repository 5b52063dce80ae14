package dev.virtus.scan.provenance;

import static dev.virtus.scan.provenance.ProvenanceLimits.MAX_BOXES;
import static dev.virtus.scan.provenance.ProvenanceLimits.MAX_BOX_DEPTH;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One JUMBF superbox (ISO 19566-5): its description box's label, its child superboxes, and its content boxes.
 *
 * @param label the description box's label ({@code c2pa}, a manifest's URN, {@code c2pa.claim.v2}, ...)
 * @param payloadStart offset of the superbox's payload (description box first) in {@code source}: assertion hashes cover
 *        exactly the payload, from here to {@code payloadEnd}
 * @param children the child superboxes in order
 * @param contents the content boxes ({@code cbor}, {@code json}, {@code bidb}, ...) in order
 */
record JumbfBox(String label, byte[] source, int payloadStart, int payloadEnd, List<JumbfBox> children,
        List<Content> contents) {

    /** A content box: its four-letter type and where its payload lies in the source. */
    record Content(String type, int start, int end) {
    }

    /** The superbox that is the whole of {@code bytes}. */
    static JumbfBox parse(byte[] bytes) throws ManifestException {
        int[] boxes = {0};
        Header header = header(bytes, 0, bytes.length);
        if (!header.type.equals("jumb")) {
            throw new ManifestException("the manifest store is a '" + header.type + "' box, not a JUMBF superbox");
        }
        return superbox(bytes, header, 1, boxes);
    }

    Optional<JumbfBox> child(String childLabel) {
        return children.stream().filter(c -> c.label.equals(childLabel)).findFirst();
    }

    /** The payload of the first content box, as a copy. */
    byte[] firstContent() throws ManifestException {
        if (contents.isEmpty()) {
            throw new ManifestException("the box '" + label + "' has no content");
        }
        Content content = contents.get(0);
        return Arrays.copyOfRange(source, content.start, content.end);
    }

    byte[] payload() {
        return Arrays.copyOfRange(source, payloadStart, payloadEnd);
    }

    private record Header(String type, int payloadStart, int end) {
    }

    private static Header header(byte[] bytes, int at, int limit) throws ManifestException {
        if (limit - at < 8) {
            throw new ManifestException("a JUMBF box header is truncated at byte " + at);
        }
        long size = EmbeddedMetadata.u32(bytes, at);
        String type = new String(bytes, at + 4, 4, StandardCharsets.ISO_8859_1);
        int payloadStart = at + 8;
        if (size == 1) {
            if (limit - at < 16 || EmbeddedMetadata.u32(bytes, at + 8) != 0) {
                throw new ManifestException("a JUMBF box's extended size is truncated or over 4 GB at byte " + at);
            }
            size = EmbeddedMetadata.u32(bytes, at + 12);
            payloadStart = at + 16;
        } else if (size == 0) {
            size = limit - at;
        }
        if (size < payloadStart - at || size > limit - at) {
            throw new ManifestException("the JUMBF box '" + type + "' at byte " + at + " declares " + size
                    + " bytes where " + (limit - at) + " remain");
        }
        return new Header(type, payloadStart, at + (int) size);
    }

    private static JumbfBox superbox(byte[] bytes, Header header, int depth, int[] boxes) throws ManifestException {
        if (depth > MAX_BOX_DEPTH) {
            throw new ManifestException("JUMBF superboxes nested deeper than " + MAX_BOX_DEPTH);
        }
        Header description = header(bytes, header.payloadStart, header.end);
        if (!description.type.equals("jumd")) {
            throw new ManifestException("a JUMBF superbox does not start with its description box");
        }
        String label = label(bytes, description);
        List<JumbfBox> children = new ArrayList<>();
        List<Content> contents = new ArrayList<>();
        int at = description.end;
        while (at < header.end) {
            if (++boxes[0] > MAX_BOXES) {
                throw new ManifestException("more than " + MAX_BOXES + " JUMBF boxes");
            }
            Header child = header(bytes, at, header.end);
            if (child.type.equals("jumb")) {
                children.add(superbox(bytes, child, depth + 1, boxes));
            } else {
                contents.add(new Content(child.type, child.payloadStart, child.end));
            }
            at = child.end;
        }
        return new JumbfBox(label, bytes, header.payloadStart, header.end, List.copyOf(children), List.copyOf(contents));
    }

    /** Description box: type UUID (16 bytes), toggles (1 byte), then the label, NUL-terminated, when toggle bit 1 is set. */
    private static String label(byte[] bytes, Header description) throws ManifestException {
        int toggles = description.payloadStart + 16;
        if (toggles >= description.end) {
            throw new ManifestException("a JUMBF description box is truncated");
        }
        if ((bytes[toggles] & 0x02) == 0) {
            return "";
        }
        int start = toggles + 1;
        int end = start;
        while (end < description.end && bytes[end] != 0) {
            end++;
        }
        if (end == description.end) {
            throw new ManifestException("a JUMBF label is not terminated");
        }
        return new String(bytes, start, end - start, StandardCharsets.UTF_8);
    }
}
