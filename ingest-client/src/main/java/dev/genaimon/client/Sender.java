package dev.genaimon.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * The background sender: takes what the caller queued, batches it per endpoint (up to the batch size, waiting at most
 * the linger for a batch to fill), and POSTs each batch as gzip NDJSON, retrying 429/502/503/504 and I/O errors.
 * Batches go with {@code ?partial=true}, so one invalid item does not take its batch down with it.
 */
final class Sender implements Runnable {

    /** What the queue holds. */
    sealed interface Entry permits Item, FlushMarker {
    }

    /** One serialized interaction or feedback record. */
    record Item(Endpoint endpoint, byte[] json) implements Entry {
    }

    /** Counted down once everything queued before it has been sent or given up. */
    record FlushMarker(CountDownLatch done) implements Entry {
    }

    enum Endpoint {
        INTERACTIONS("/v1/interactions"), FEEDBACK("/v1/feedback");

        final String path;

        Endpoint(String path) {
            this.path = path;
        }
    }

    private static final System.Logger LOG = System.getLogger(GenaimonClient.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GenaimonClient.Settings settings;
    private final BlockingQueue<Entry> queue;
    private final HttpClient http;
    private final Backoff backoff;
    private final ThrottledLog log;
    final AtomicLong sent = new AtomicLong();
    final AtomicLong retried = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong inFlight = new AtomicLong();
    private volatile boolean stopping;
    private volatile boolean abandoned;

    Sender(GenaimonClient.Settings settings, BlockingQueue<Entry> queue, HttpClient http, Backoff backoff,
           ThrottledLog log) {
        this.settings = settings;
        this.queue = queue;
        this.http = http;
        this.backoff = backoff;
        this.log = log;
    }

    /** Finish what is queued, then exit. */
    void stop() {
        stopping = true;
    }

    /** Stop now: what is not sent yet counts as failed. */
    void abandon() {
        stopping = true;
        abandoned = true;
    }

    @Override
    public void run() {
        try {
            while (!abandoned && !(stopping && queue.isEmpty())) {
                Entry first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first != null) {
                    process(collect(first));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            List<Entry> left = new ArrayList<>();
            queue.drainTo(left);
            long lost = left.stream().filter(Item.class::isInstance).count();
            if (lost > 0) {
                failed.addAndGet(lost);
                LOG.log(Level.WARNING, "genaimon client closed with {0} items unsent", lost);
            }
            left.stream().filter(FlushMarker.class::isInstance).forEach(m -> ((FlushMarker) m).done().countDown());
        }
    }

    /** A batch: the first entry and whatever arrives within the linger, up to the batch size. */
    private List<Entry> collect(Entry first) throws InterruptedException {
        List<Entry> batch = new ArrayList<>();
        batch.add(first);
        int items = first instanceof Item ? 1 : 0;
        long deadline = System.nanoTime() + settings.linger().toNanos();
        // a flush or close wants what is queued now, not after the linger
        while (items < settings.batchSize() && !(first instanceof FlushMarker) && !stopping) {
            long wait = deadline - System.nanoTime();
            Entry next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
                break;
            }
            batch.add(next);
            if (next instanceof FlushMarker) {
                break;
            }
            items++;
        }
        if (stopping) {
            queue.drainTo(batch, settings.batchSize() - items);
        }
        return batch;
    }

    private void process(List<Entry> batch) {
        for (Endpoint endpoint : Endpoint.values()) {
            List<Item> items = batch.stream().filter(e -> e instanceof Item i && i.endpoint() == endpoint)
                    .map(Item.class::cast).toList();
            for (int from = 0; from < items.size(); from += settings.batchSize()) {
                List<Item> chunk = items.subList(from, Math.min(items.size(), from + settings.batchSize()));
                inFlight.addAndGet(chunk.size());
                try {
                    send(endpoint, chunk);
                } finally {
                    inFlight.addAndGet(-chunk.size());
                }
            }
        }
        batch.stream().filter(FlushMarker.class::isInstance).forEach(m -> ((FlushMarker) m).done().countDown());
    }

    /** Sends one chunk until it is accepted, rejected or given up; every item ends up in sent or failed. */
    private void send(Endpoint endpoint, List<Item> items) {
        try {
            trySend(endpoint, items);
        } catch (InterruptedException e) {
            // close() gave up waiting: these items will not be sent, and the next steps should not try either
            failed.addAndGet(items.size());
            Thread.currentThread().interrupt();
        }
    }

    private void trySend(Endpoint endpoint, List<Item> items) throws InterruptedException {
        HttpRequest request = request(endpoint, items);
        for (int attempt = 0; ; attempt++) {
            if (abandoned || Thread.currentThread().isInterrupted()) {
                failed.addAndGet(items.size());
                return;
            }
            String retryAfter = null;
            String problem;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    accepted(endpoint, items.size(), response.body());
                    return;
                }
                if (status == 413 && items.size() > 1) {
                    // the server's body or item limit is below ours: halve until it fits
                    int half = items.size() / 2;
                    send(endpoint, items.subList(0, half));
                    send(endpoint, items.subList(half, items.size()));
                    return;
                }
                problem = "HTTP " + status + " " + abbreviate(response.body());
                if (!(status == 429 || status == 502 || status == 503 || status == 504)) {
                    failed.addAndGet(items.size());
                    log.warn("rejected", "genaimon answered " + problem + " to " + items.size() + " "
                            + endpoint.name().toLowerCase() + "; not retried (failed so far: " + failed.get() + ")");
                    return;
                }
                retryAfter = response.headers().firstValue("Retry-After").orElse(null);
            } catch (IOException e) {
                problem = e.toString();
            }
            if (attempt >= settings.maxRetries()) {
                failed.addAndGet(items.size());
                log.warn("exhausted", "giving up on " + items.size() + " " + endpoint.name().toLowerCase()
                        + " after " + (attempt + 1) + " attempts, last: " + problem + " (failed so far: "
                        + failed.get() + ")");
                return;
            }
            retried.addAndGet(items.size());
            Duration delay = backoff.delay(attempt, retryAfter, System.currentTimeMillis());
            log.warn("retrying", "genaimon unavailable (" + problem + "); retrying " + items.size() + " "
                    + endpoint.name().toLowerCase() + " in " + delay.toMillis() + " ms");
            Thread.sleep(delay.toMillis());
        }
    }

    private void accepted(Endpoint endpoint, int count, String body) {
        int accepted = count;
        try {
            JsonNode answer = JSON.readTree(body);
            if (answer != null && answer.has("accepted")) {
                accepted = answer.get("accepted").asInt();
            }
        } catch (IOException e) {
            // a 2xx without our JSON (a proxy?): the server took the batch
        }
        sent.addAndGet(accepted);
        if (accepted < count) {
            failed.addAndGet(count - accepted);
            log.warn("invalid", (count - accepted) + " of " + count + " " + endpoint.name().toLowerCase()
                    + " were rejected or dead-lettered by genaimon: " + abbreviate(body));
        }
    }

    private HttpRequest request(Endpoint endpoint, List<Item> items) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            for (Item item : items) {
                gzip.write(item.json());
                gzip.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory cannot fail", e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.baseUrl() + endpoint.path
                        + "?partial=true"))
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/x-ndjson")
                .header("Content-Encoding", "gzip")
                .header("User-Agent", "genaimon-java-client")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes.toByteArray()));
        if (settings.apiKey() != null) {
            request.header("Authorization", "Bearer " + settings.apiKey());
        }
        return request.build();
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() <= 300 ? body : body.substring(0, 300) + "...";
    }
}
