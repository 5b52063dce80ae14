package dev.virtus.scan.s3;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import org.apache.catalina.webresources.TomcatURLStreamHandlerFactory;

import com.adobe.testing.s3mock.S3MockApplication;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server (Adobe S3Mock) in the test JVM, on a free loopback port, and the settings that point
 * {@code quarkus-amazon-s3} at it through a {@link FaultInjectingProxy}.
 */
public class EmbeddedS3 implements QuarkusTestResourceLifecycleManager {

    private static S3MockApplication server;
    private static FaultInjectingProxy proxy;

    @Override
    public Map<String, String> start() {
        // Each Quarkus test application loads S3Mock's Tomcat afresh; only the first could install its
        // JVM-wide URL handler factory, and every later start failed with "factory already defined".
        TomcatURLStreamHandlerFactory.disable();
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.config.name", "s3mock");
        properties.put("server.port", "0");
        properties.put("com.adobe.testing.s3mock.httpPort", "0");
        properties.put("server.address", "127.0.0.1");
        // S3Mock's meters must stay out of Micrometer's global registry, which the GPU service's registry joins.
        properties.put("management.metrics.use-global-registry", "false");
        server = S3MockApplication.start(properties);
        try {
            proxy = new FaultInjectingProxy(endpoint());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Map.of(
                "quarkus.s3.endpoint-override", proxy.endpoint().toString(),
                "quarkus.s3.path-style-access", "true",
                "quarkus.s3.aws.region", "us-east-1",
                "quarkus.s3.aws.credentials.type", "static",
                "quarkus.s3.aws.credentials.static-provider.access-key-id", "test",
                "quarkus.s3.aws.credentials.static-provider.secret-access-key", "test");
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
            proxy = null;
        }
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** Faults for the application's S3 client, which goes through the proxy; {@link #client()} does not. */
    public static FaultInjectingProxy faults() {
        return proxy;
    }

    public static URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getHttpPort());
    }

    /** A client of the test's own, for arranging objects and checking them afterwards. */
    public static S3Client client() {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
