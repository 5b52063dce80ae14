package dev.virtus.scan.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.DnsResolver;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.fetch.FetchException.Reason;

/**
 * Downloads an image from a URL on the caller's behalf, guarded against server-side request forgery:
 * https only (http when configured), no user info, every host resolved once and its addresses checked
 * against the {@link AddressPolicy} before connecting to exactly those addresses (no second lookup to
 * rebind), redirects followed by hand and re-checked, connect, read and total timeouts, and a byte limit enforced
 * while reading.
 */
@ApplicationScoped
public class UrlFetcher implements AutoCloseable {

    private final VirtusConfig.Fetch settings;
    private final long maxBytes;
    private final CloseableHttpClient client;
    /** Aborts requests at the total deadline; {@code HttpGet.abort} is made to be called from another thread. */
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "virtus-fetch-deadline");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public UrlFetcher(VirtusConfig config) {
        this(config.fetch(), config.decode().maxBytes(), new AddressPolicy(config.fetch().allowedCidrs().orElse(List.of())));
    }

    public UrlFetcher(VirtusConfig.Fetch settings, long maxBytes, AddressPolicy policy) {
        this(settings, maxBytes, policy, InetAddress::getAllByName);
    }

    /** With another name lookup, so that tests can give a host several addresses. */
    UrlFetcher(VirtusConfig.Fetch settings, long maxBytes, AddressPolicy policy, DnsResolver lookup) {
        this.settings = settings;
        this.maxBytes = maxBytes;
        int connectMillis = Math.toIntExact(settings.connectTimeout().toMillis());
        int readMillis = Math.toIntExact(settings.readTimeout().toMillis());
        var sockets = RegistryBuilder.<ConnectionSocketFactory>create()
                .register("http", PlainConnectionSocketFactory.getSocketFactory())
                .register("https", SSLConnectionSocketFactory.getSocketFactory())
                .build();
        var connections = new PoolingHttpClientConnectionManager(sockets, null, new GuardedResolver(policy, lookup));
        connections.setMaxTotal(settings.maxConnections());
        connections.setDefaultMaxPerRoute(settings.maxConnections());
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectTimeout(connectMillis)
                        .setConnectionRequestTimeout(connectMillis)
                        .setSocketTimeout(readMillis)
                        .setRedirectsEnabled(false)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent("virtus-scan")
                .build();
    }

    public byte[] fetch(String url) {
        URI uri = checkUrl(url);
        long deadline = System.nanoTime() + settings.totalTimeout().toNanos();
        for (int redirects = 0;; redirects++) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw tooSlow(url);
            }
            HttpGet get = new HttpGet(uri);
            ScheduledFuture<?> abort = deadlines.schedule(get::abort, remaining, TimeUnit.NANOSECONDS);
            try (CloseableHttpResponse response = client.execute(get)) {
                int status = response.getStatusLine().getStatusCode();
                Header location = response.getFirstHeader("Location");
                if (status >= 300 && status < 400 && location != null) {
                    if (redirects == settings.maxRedirects()) {
                        throw new FetchException(Reason.REFUSED_URL,
                                url + " redirects more than " + settings.maxRedirects() + " times (virtus.fetch.max-redirects)");
                    }
                    uri = checkUrl(redirectTarget(uri, location.getValue()));
                    continue;
                }
                if (status == 404 || status == 410) {
                    throw new FetchException(Reason.NOT_FOUND, uri + " answered HTTP " + status);
                }
                if (status < 200 || status >= 300) {
                    throw new FetchException(Reason.UNAVAILABLE, uri + " answered HTTP " + status);
                }
                return readBody(uri, response.getEntity());
            } catch (RefusedAddressException e) {
                throw new FetchException(Reason.REFUSED_URL, e.getMessage() + " (virtus.fetch.allowed-cidrs)", e);
            } catch (UnknownHostException e) {
                throw new FetchException(Reason.UNAVAILABLE, "cannot resolve the host of " + uri + ": " + e.getMessage(), e);
            } catch (IOException e) {
                if (get.isAborted()) {
                    throw tooSlow(url);
                }
                throw new FetchException(Reason.UNAVAILABLE, "cannot download " + uri + ": " + e, e);
            } finally {
                abort.cancel(false);
            }
        }
    }

    private FetchException tooSlow(String url) {
        Duration total = settings.totalTimeout();
        return new FetchException(Reason.TIMED_OUT, url + " did not arrive within " + total.toMillis()
                + " ms (virtus.fetch.total-timeout)");
    }

    private byte[] readBody(URI uri, HttpEntity entity) throws IOException {
        if (entity == null) {
            throw new FetchException(Reason.UNAVAILABLE, uri + " answered without a body");
        }
        if (entity.getContentLength() > maxBytes) {
            throw new FetchException(Reason.TOO_LARGE, uri + " declares " + entity.getContentLength()
                    + " bytes; the limit (virtus.decode.max-bytes) is " + maxBytes);
        }
        try (InputStream body = entity.getContent()) {
            byte[] bytes = body.readNBytes(Math.toIntExact(Math.min(maxBytes + 1, Integer.MAX_VALUE - 8)));
            if (bytes.length > maxBytes) {
                throw new FetchException(Reason.TOO_LARGE, uri + " sent more than the limit of " + maxBytes
                        + " bytes (virtus.decode.max-bytes)");
            }
            return bytes;
        }
    }

    /** Where a redirect leads, refused when its {@code Location} is not a URI reference. */
    private static String redirectTarget(URI from, String location) {
        try {
            return from.resolve(new URI(location)).toString();
        } catch (URISyntaxException e) {
            throw new FetchException(Reason.REFUSED_URL, from + " redirects to a malformed Location '" + location + "': " + e.getMessage(), e);
        }
    }

    private URI checkUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new FetchException(Reason.INVALID_REQUEST, "'" + url + "' is not a valid URL: " + e.getMessage(), e);
        }
        String scheme = Optional.ofNullable(uri.getScheme()).map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
        boolean allowed = scheme.equals("https") || (scheme.equals("http") && settings.allowHttp());
        if (!allowed) {
            throw new FetchException(Reason.REFUSED_URL, "'" + url + "' is refused: only https URLs are fetched"
                    + (settings.allowHttp() ? " (and http)" : " (http needs virtus.fetch.allow-http=true)"));
        }
        if (uri.getRawUserInfo() != null) {
            throw new FetchException(Reason.REFUSED_URL, "'" + url + "' is refused: URLs with user info are not fetched");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new FetchException(Reason.INVALID_REQUEST, "'" + url + "' names no host");
        }
        return uri;
    }

    @PreDestroy
    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        client.close();
    }

    /** Resolves once and hands the connection exactly the addresses it checked. */
    private static final class GuardedResolver implements DnsResolver {
        private final AddressPolicy policy;
        private final DnsResolver lookup;

        GuardedResolver(AddressPolicy policy, DnsResolver lookup) {
            this.policy = policy;
            this.lookup = lookup;
        }

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            InetAddress[] addresses = lookup.resolve(host);
            for (InetAddress address : addresses) {
                var refusal = policy.refusal(address);
                if (refusal.isPresent()) {
                    throw new RefusedAddressException("'" + host + "' resolves to " + address.getHostAddress()
                            + ", " + refusal.get().description() + ", which is refused");
                }
            }
            return addresses;
        }
    }

    /** Thrown from inside the HTTP client, hence an {@link UnknownHostException}. */
    private static final class RefusedAddressException extends UnknownHostException {
        RefusedAddressException(String message) {
            super(message);
        }
    }
}
