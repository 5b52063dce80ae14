package dev.virtus.scan.service.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded closed-loop load on {@code POST /classify} over loopback: {@code clients} threads each post the same
 * image (base64 JSON) again as soon as they have an answer, for {@code seconds}, then stop. After a 503 a client
 * waits as its {@link Retry} kind says. Prints one table row: goodput (200/s), 503s, latency percentiles of the 200s
 * and of the 503s, and the service's peak RSS (sampled from /proc/PID/status). Not a test: run by
 * {@code bench/overload.sh}.
 *
 * <p>Arguments: PORT IMAGE CLIENTS SECONDS SERVICE_PID [LABEL [RETRY]], RETRY one of {@code at-once} (default),
 * {@code polite}, {@code impatient}. Loopback (127.0.0.1) only.
 */
public final class LoadGenerator {

    /** What a client does after a 503. */
    enum Retry {
        /** Posts again at once: the worst case for the service. */
        AT_ONCE,
        /** Waits the seconds {@code Retry-After} asks for (1 without one), as well-behaved clients do. */
        POLITE,
        /** Waits 50 ms whatever {@code Retry-After} says, as naive clients and some proxies do. */
        IMPATIENT;

        long pauseMillis(HttpResponse<?> refusal) {
            return switch (this) {
                case AT_ONCE -> 0;
                case POLITE -> 1000 * refusal.headers().firstValueAsLong("Retry-After").orElse(1);
                case IMPATIENT -> 50;
            };
        }

        static Retry named(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    private static final class Client extends Thread {
        final List<Long> okNanos = new ArrayList<>();
        final List<Long> refusedNanos = new ArrayList<>();
        long other;
        String lastOther;
        private final HttpClient http;
        private final HttpRequest request;
        private final AtomicBoolean stop;
        private final Retry retry;

        Client(HttpClient http, HttpRequest request, AtomicBoolean stop, Retry retry, int index) {
            super("load-client-" + index);
            this.http = http;
            this.request = request;
            this.stop = stop;
            this.retry = retry;
        }

        @Override
        public void run() {
            while (!stop.get()) {
                long start = System.nanoTime();
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    long nanos = System.nanoTime() - start;
                    if (stop.get()) {
                        return; // answered after the end: not counted
                    }
                    switch (response.statusCode()) {
                        case 200 -> okNanos.add(nanos);
                        case 503 -> {
                            refusedNanos.add(nanos);
                            Thread.sleep(retry.pauseMillis(response));
                        }
                        default -> {
                            other++;
                            lastOther = response.statusCode() + " " + response.body();
                        }
                    }
                } catch (IOException e) {
                    other++;
                    lastOther = e.toString();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--header")) {
            System.out.println(header());
            return;
        }
        int port = Integer.parseInt(args[0]);
        byte[] image = Files.readAllBytes(Path.of(args[1]));
        int clients = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        long pid = Long.parseLong(args[4]);
        String label = args.length > 5 ? args[5] : "";
        Retry retry = args.length > 6 ? Retry.named(args[6]) : Retry.AT_ONCE;

        String body = "{\"imageBase64\": \"" + Base64.getEncoder().encodeToString(image) + "\"}";
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/classify"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();

        AtomicBoolean stop = new AtomicBoolean();
        List<Client> running = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Client client = new Client(http, request, stop, retry, i);
            running.add(client);
        }
        AtomicLong peakRss = new AtomicLong(rssKb(pid));
        long start = System.nanoTime();
        running.forEach(Thread::start);
        long end = start + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < end) {
            Thread.sleep(100);
            peakRss.accumulateAndGet(rssKb(pid), Math::max);
        }
        stop.set(true);
        double elapsed = (System.nanoTime() - start) / 1e9;
        for (Client client : running) {
            client.join(70_000);
            if (client.isAlive()) {
                client.interrupt();
            }
        }

        long[] ok = running.stream().flatMap(c -> c.okNanos.stream()).mapToLong(Long::longValue).sorted().toArray();
        long[] refused = running.stream().flatMap(c -> c.refusedNanos.stream()).mapToLong(Long::longValue).sorted().toArray();
        long other = running.stream().mapToLong(c -> c.other).sum();
        long total = ok.length + refused.length + other;
        System.out.printf("%-16s %7d %9.1f %9.1f %7.1f%% %7d %8.0f %8.0f %8.1f %8d%n", label, clients, ok.length / elapsed,
                refused.length / elapsed, total == 0 ? 0 : 100.0 * refused.length / total, other,
                percentile(ok, 0.50), percentile(ok, 0.99), percentile(refused, 0.50), peakRss.get() / 1024);
        running.stream().filter(c -> c.lastOther != null).findFirst()
                .ifPresent(c -> System.err.println("last other answer: " + c.lastOther));
    }

    /** Column headers for the rows {@link #main} prints. */
    public static String header() {
        return String.format("%-16s %7s %9s %9s %8s %7s %8s %8s %8s %8s", "load", "clients", "ok/s", "503/s", "503", "other",
                "p50 ms", "p99 ms", "503 p50", "RSS MB");
    }

    private static double percentile(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(index, sortedNanos.length - 1))] / 1e6;
    }

    private static long rssKb(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Arrays.stream(l.split("\\s+")).filter(t -> t.matches("\\d+")).findFirst().orElse("0"))
                    .mapToLong(Long::parseLong).findFirst().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }
}
