package dev.virtus.scan.s3;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Makes chosen keys of S3Mock answer as AWS answers for objects stored out of the scanner's reach, which
 * S3Mock does not emulate: the wire answers (status, headers, error XML) are rewritten before the SDK reads
 * them, so the SDK parses them as it parses S3's. Everything else passes unchanged. It also keeps a log of
 * the HEADs and GETs of those keys, so a test can tell which requests were sent.
 */
public final class StoredOutOfReach implements ExecutionInterceptor {

    /** A key arm's length from the caller, and how AWS answers its HEAD and GET. */
    public enum Storage {
        /** PutObject with {@code x-amz-server-side-encryption-customer-*}: a HEAD without the key gets a bare 400. */
        SSE_C(Map.of(), 400, 400, "InvalidRequest",
                "The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object."),
        GLACIER(Map.of("x-amz-storage-class", "GLACIER"), 200, 403, "InvalidObjectState",
                "The operation is not valid for the object's storage class"),
        INTELLIGENT_TIERING_DEEP_ARCHIVE(Map.of("x-amz-storage-class", "INTELLIGENT_TIERING", "x-amz-archive-status", "DEEP_ARCHIVE_ACCESS"),
                200, 403, "InvalidObjectState", "The operation is not valid for the object's access tier"),
        /** A GLACIER object whose restore completed: its copy reads as any object does. */
        GLACIER_RESTORED(Map.of("x-amz-storage-class", "GLACIER",
                "x-amz-restore", "ongoing-request=\"false\", expiry-date=\"Fri, 21 Dec 2029 00:00:00 GMT\""), 200, 0, null, null),
        /** SSE-KMS under a key of another account whose policy does not let the scanner decrypt. */
        FOREIGN_KMS_KEY(Map.of("x-amz-server-side-encryption", "aws:kms",
                "x-amz-server-side-encryption-aws-kms-key-id", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
                200, 403, "AccessDenied", "User: arn:aws:sts::444455556666:assumed-role/virtus-scan/virtus-scan is not authorized to"
                        + " perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
                        + " because no resource-based policy allows the kms:Decrypt action");

        private final Map<String, String> headHeaders;
        private final int headStatus;
        private final int getStatus;
        private final String getCode;
        private final String getMessage;

        Storage(Map<String, String> headHeaders, int headStatus, int getStatus, String getCode, String getMessage) {
            this.headHeaders = headHeaders;
            this.headStatus = headStatus;
            this.getStatus = getStatus;
            this.getCode = getCode;
            this.getMessage = getMessage;
        }
    }

    private final Map<String, Storage> stored = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    /** From now on {@code key} (of any bucket) answers as stored so. */
    public void store(String key, Storage storage) {
        stored.put(key, storage);
    }

    /** {@code METHOD key} of every HEAD and GET of a stored key, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        SdkHttpResponse response = context.httpResponse();
        Optional<Storage> storage = storageOf(context.httpRequest());
        if (storage.isEmpty()) {
            return response;
        }
        Storage s = storage.get();
        boolean head = context.httpRequest().method().name().equals("HEAD");
        requests.add(context.httpRequest().method().name() + " " + keyOf(context.httpRequest()));
        if (head) {
            SdkHttpResponse.Builder answer = response.toBuilder().statusCode(s.headStatus);
            s.headHeaders.forEach(answer::putHeader);
            if (s.headStatus != 200) {
                answer.removeHeader("ETag").removeHeader("Last-Modified").putHeader("Content-Length", "0");
            }
            return answer.build();
        }
        if (s.getCode == null) {
            return response;
        }
        return SdkHttpResponse.builder().statusCode(s.getStatus).putHeader("Content-Type", "application/xml")
                .putHeader("Content-Length", "" + errorBody(s).length).build();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        Optional<Storage> storage = storageOf(context.httpRequest());
        if (storage.isEmpty() || context.httpRequest().method().name().equals("HEAD") || storage.get().getCode == null) {
            return context.responseBody();
        }
        return Optional.of(new ByteArrayInputStream(errorBody(storage.get())));
    }

    private Optional<Storage> storageOf(SdkHttpRequest request) {
        String method = request.method().name();
        boolean read = method.equals("HEAD") || (method.equals("GET") && !request.rawQueryParameters().containsKey("tagging"));
        return read ? Optional.ofNullable(stored.get(keyOf(request))) : Optional.empty();
    }

    /** Path-style requests: {@code /bucket/key}. */
    private static String keyOf(SdkHttpRequest request) {
        String path = request.encodedPath();
        int keyStart = path.indexOf('/', 1);
        return keyStart < 0 ? "" : URLDecoder.decode(path.substring(keyStart + 1), StandardCharsets.UTF_8);
    }

    private static byte[] errorBody(Storage s) {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + s.getCode + "</Code><Message>" + s.getMessage
                + "</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
    }
}
