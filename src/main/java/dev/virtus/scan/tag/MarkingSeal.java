package dev.virtus.scan.tag;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.virtus.scan.fetch.S3ObjectId;

/**
 * The HMAC-SHA256 that makes a marking the scanner's own: over bucket, key, the content binding, status, model and
 * score, under a key only the scanner reads. Whoever else writes tags (an upload's {@code x-amz-tagging}, a copy,
 * replication, a role allowed to tag) cannot write a marking that verifies, so the scanner never takes one for its
 * own: it scans the object and replaces it.
 */
public final class MarkingSeal {

    /** Shortest key accepted, in bytes: HMAC-SHA256's own block of security. */
    static final int MIN_KEY_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public MarkingSeal(byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the marking key has " + key.length + " bytes; at least " + MIN_KEY_BYTES + " are needed");
        }
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /** The MAC as tags carry it: base64url without padding, 43 characters of S3's tag charset. */
    String sign(S3ObjectId id, String binding, String status, String model, String score) {
        Mac mac;
        try {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(fields(id.bucket(), id.key(), binding, status, model, score)));
    }

    boolean verifies(String mac, S3ObjectId id, String binding, String status, String model, String score) {
        return mac != null && MessageDigest.isEqual(mac.getBytes(StandardCharsets.US_ASCII),
                sign(id, binding, status, model, score).getBytes(StandardCharsets.US_ASCII));
    }

    /** Each field with its length first, so that no two different markings give the same input (keys may hold any character). */
    private static byte[] fields(String... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String value : values) {
            byte[] bytes = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(value == null ? -1 : bytes.length).array());
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }
}
