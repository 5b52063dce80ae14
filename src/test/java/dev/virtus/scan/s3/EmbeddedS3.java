package dev.virtus.scan.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.adobe.testing.s3mock.S3MockApplication;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * A real S3 server (Adobe S3Mock) in the test JVM, on a free loopback port, and the settings that point
 * {@code quarkus-amazon-s3} at it through a {@link FaultInjectingProxy}.
 *
 * <p>One server per JVM: S3Mock's embedded Tomcat does not start twice in a JVM, and Quarkus tests load
 * this class again in their own class loader, so where it runs is kept in system properties.
 */
public class EmbeddedS3 implements QuarkusTestResourceLifecycleManager {

    private static final String ENDPOINT = "embedded-s3.endpoint";
    private static final String PROXY = "embedded-s3.proxy";

    @Override
    public Map<String, String> start() {
        startOnce();
        return Map.of(
                "quarkus.s3.endpoint-override", System.getProperty(PROXY),
                "quarkus.s3.path-style-access", "true",
                "quarkus.s3.aws.region", "us-east-1",
                "quarkus.s3.aws.credentials.type", "static",
                "quarkus.s3.aws.credentials.static-provider.access-key-id", "test",
                "quarkus.s3.aws.credentials.static-provider.secret-access-key", "test");
    }

    /** The server outlives each Quarkus application; tests keep apart by using buckets of their own. */
    @Override
    public void stop() {
        faults().clearFaults();
    }

    /** Starts the server and its proxy unless this JVM runs them already. */
    public static void startOnce() {
        synchronized (System.class) {
            if (System.getProperty(ENDPOINT) != null) {
                return;
            }
            Map<String, Object> properties = new HashMap<>();
            properties.put("spring.config.name", "s3mock");
            properties.put("server.port", "0");
            properties.put("com.adobe.testing.s3mock.httpPort", "0");
            properties.put("server.address", "127.0.0.1");
            // S3Mock's meters must stay out of Micrometer's global registry, which the GPU service's registry joins.
            properties.put("management.metrics.use-global-registry", "false");
            S3MockApplication server = S3MockApplication.start(properties);
            URI endpoint = URI.create("http://127.0.0.1:" + server.getHttpPort());
            FaultInjectingProxy proxy;
            try {
                proxy = new FaultInjectingProxy(endpoint);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                proxy.close();
                server.stop();
            }));
            System.setProperty(ENDPOINT, endpoint.toString());
            System.setProperty(PROXY, proxy.endpoint().toString());
        }
    }

    /** Faults for the application's S3 client, which goes through the proxy; {@link #client()} does not. */
    public static FaultInjectingProxy.Control faults() {
        return new FaultInjectingProxy.Control(URI.create(System.getProperty(PROXY)));
    }

    public static URI endpoint() {
        return URI.create(System.getProperty(ENDPOINT));
    }

    /** Starts the server if need be and creates {@code name}, versioned or not; returns {@link #client()}. */
    public static S3Client bucket(String name, boolean versioned) {
        startOnce();
        S3Client s3 = client();
        s3.createBucket(b -> b.bucket(name));
        if (versioned) {
            s3.putBucketVersioning(b -> b.bucket(name).versioningConfiguration(v -> v.status("Enabled")));
        }
        return s3;
    }

    /** A client of the test's own, for arranging objects and checking them afterwards. */
    public static S3Client client() {
        return client(endpoint());
    }

    /** A client whose requests pass the proxy, so that {@link #faults()} apply to them. */
    public static S3Client proxiedClient() {
        return client(proxyEndpoint());
    }

    public static URI proxyEndpoint() {
        return URI.create(System.getProperty(PROXY));
    }

    /** A client of {@code endpoint}; {@code interceptors} see every request it sends, as the SDK builds them. */
    public static S3Client client(URI endpoint, ExecutionInterceptor... interceptors) {
        return S3Client.builder()
                .overrideConfiguration(c -> c.executionInterceptors(List.of(interceptors)))
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** The tags of an object's current version, by key. */
    public static Map<String, String> tags(S3Client s3, String bucket, String key) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Tag tag : s3.getObjectTagging(b -> b.bucket(bucket).key(key)).tagSet()) {
            tags.put(tag.key(), tag.value());
        }
        return tags;
    }
}
