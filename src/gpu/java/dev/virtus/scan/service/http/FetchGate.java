package dev.virtus.scan.service.http;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.virtus.scan.fetch.FetchException;
import dev.virtus.scan.fetch.ImageFetcher;
import dev.virtus.scan.fetch.ImageSource;
import dev.virtus.scan.service.config.ServiceConfig;

/**
 * The downloads {@code POST /classify} makes for its callers (URL, S3), bounded: at most
 * {@code virtus.http.fetch-concurrency} at once (one more is refused, 503), each answered within
 * {@code virtus.http.fetch-timeout} in all (504 beyond it). A download past its time is cancelled, and keeps
 * its slot until it has really ended, so the bound on concurrent downloads holds. Inline bytes pass straight.
 */
@ApplicationScoped
public class FetchGate {

    /** No download slot free: the caller should come back (503 + Retry-After). */
    public static final class FetchesBusyException extends RuntimeException {
        FetchesBusyException(int limit) {
            super("the service is downloading " + limit + " images for callers already (virtus.http.fetch-concurrency)");
        }
    }

    private final ImageFetcher fetcher;
    private final Semaphore slots;
    private final int limit;
    private final Duration timeout;
    private final ExecutorService downloads;

    public FetchGate(ImageFetcher fetcher, ServiceConfig config) {
        this.fetcher = fetcher;
        this.limit = config.http().fetchConcurrency();
        this.timeout = config.http().fetchTimeout();
        this.slots = new Semaphore(limit);
        AtomicInteger threads = new AtomicInteger();
        this.downloads = Executors.newFixedThreadPool(limit, task -> {
            Thread thread = new Thread(task, "virtus-fetch-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public byte[] fetch(ImageSource source) {
        if (source instanceof ImageSource.Inline inline) {
            return inline.bytes();
        }
        if (!slots.tryAcquire()) {
            throw new FetchesBusyException(limit);
        }
        Future<byte[]> download;
        try {
            download = downloads.submit(() -> {
                try {
                    return fetcher.fetch(source);
                } finally {
                    slots.release();
                }
            });
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
        try {
            return download.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            download.cancel(true);
            throw new FetchTimeoutException(describe(source) + " was not downloaded within " + timeout + " (virtus.http.fetch-timeout)");
        } catch (InterruptedException e) {
            download.cancel(true);
            Thread.currentThread().interrupt();
            throw new FetchException(FetchException.Reason.UNAVAILABLE, "interrupted while downloading " + describe(source), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new FetchException(FetchException.Reason.UNAVAILABLE, "downloading " + describe(source) + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** A download that took longer than {@code virtus.http.fetch-timeout}: 504. */
    public static final class FetchTimeoutException extends RuntimeException {
        FetchTimeoutException(String message) {
            super(message);
        }
    }

    private static String describe(ImageSource source) {
        if (source instanceof ImageSource.Url url) {
            return url.url();
        }
        return source instanceof ImageSource.S3 object ? object.object().toString() : "the image";
    }

    @PreDestroy
    void close() {
        downloads.shutdownNow();
    }
}
