package dev.virtus.scan.tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Our tags merged into an object's tag set without ever dropping a user's tag: ours (under the prefix)
 * replace our earlier ones, and when S3's limit of 10 tags is reached ours give way, most important kept.
 */
public final class TagMerge {

    public static final int S3_TAG_LIMIT = 10;

    /** @param left our entries that did not fit, for the log */
    public record Result(List<Tag> tags, List<String> left) {
    }

    private TagMerge() {
    }

    public static Result merge(List<Tag> existing, Map<String, String> ours, String prefix) {
        List<Tag> tags = new ArrayList<>();
        for (Tag tag : existing) {
            if (!tag.key().startsWith(prefix)) {
                tags.add(tag);
            }
        }
        List<String> left = new ArrayList<>();
        ours.forEach((key, value) -> {
            if (tags.size() < S3_TAG_LIMIT) {
                tags.add(Tag.builder().key(key).value(value).build());
            } else {
                left.add(key);
            }
        });
        return new Result(tags, left);
    }
}
