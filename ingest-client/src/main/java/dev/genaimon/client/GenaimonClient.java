package dev.genaimon.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends interactions and feedback to genaimon ({@code POST /v1/interactions}, {@code POST /v1/feedback}).
 *
 * <p>{@link #record} and {@link #feedback} never block and never throw for a transport problem: they serialize the
 * item and offer it to a bounded queue. When the queue is full the item is dropped, counted in
 * {@link ClientStats#dropped()} and logged (at most once per {@code logInterval}), because a monitoring client must
 * never slow down or break the request it is monitoring. One background thread sends batches as gzip NDJSON,
 * retrying 429, 502, 503, 504 and I/O errors with exponential backoff and full jitter, honouring Retry-After.
 *
 * <p>Delivery is at least once: a batch whose answer was lost (timeout) is sent again. Give your own interaction
 * ids (the {@link Interaction} builder always does) so downstream stages can tell duplicates.
 *
 * <pre>{@code
 * GenaimonClient genaimon = GenaimonClient.builder(URI.create("http://genaimon:8080")).apiKey(key).build();
 * Interaction call = Interaction.builder("support-bot", "openai", "gpt-4o")
 *         .message("user", question).response(answer).tokens(812, 95).latencyMs(1430).build();
 * genaimon.record(call);
 * genaimon.feedback(Feedback.builder(call.interactionId()).thumbsDown().comment("wrong refund policy").build());
 * ...
 * genaimon.close(); // sends what is queued, waiting at most closeTimeout
 * }</pre>
 */
public final class GenaimonClient implements AutoCloseable {

    /** The builder's values. */
    record Settings(String baseUrl, String apiKey, int batchSize, Duration linger, int queueCapacity, int maxRetries,
                    Duration initialBackoff, Duration maxBackoff, Duration requestTimeout, Duration closeTimeout,
                    Duration logInterval) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final BlockingQueue<Sender.Entry> queue;
    private final Sender sender;
    private final Thread thread;
    private final ThrottledLog log;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    private GenaimonClient(Settings settings, HttpClient http) {
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.log = new ThrottledLog(settings.logInterval(), System::nanoTime);
        this.sender = new Sender(settings, queue, http, new Backoff(settings.initialBackoff(), settings.maxBackoff(),
                () -> ThreadLocalRandom.current().nextDouble()), log);
        this.thread = new Thread(sender, "genaimon-client-sender");
        thread.setDaemon(true); // never keeps the application alive; close() is what drains
        thread.start();
    }

    /** @param baseUrl the genaimon server, e.g. {@code http://genaimon:8080} */
    public static Builder builder(URI baseUrl) {
        return new Builder(baseUrl);
    }

    /**
     * Queues an interaction (field names of genaimon's {@code Interaction} schema; an {@code interactionId} is added
     * when absent). Never blocks.
     *
     * @return false when it was dropped (queue full or client closed)
     * @throws IllegalArgumentException when the map cannot be written as JSON
     */
    public boolean record(Map<String, ?> interaction) {
        Map<String, Object> copy = new LinkedHashMap<>(interaction);
        copy.putIfAbsent("interactionId", UUID.randomUUID().toString());
        return offer(Sender.Endpoint.INTERACTIONS, copy);
    }

    /** Queues an interaction. Never blocks. @return false when it was dropped (queue full or client closed) */
    public boolean record(Interaction interaction) {
        return offer(Sender.Endpoint.INTERACTIONS, interaction.toMap());
    }

    /**
     * Queues feedback (field names of genaimon's {@code Feedback} schema; {@code interactionId} required). Never
     * blocks.
     *
     * @return false when it was dropped (queue full or client closed)
     */
    public boolean feedback(Map<String, ?> feedback) {
        return offer(Sender.Endpoint.FEEDBACK, feedback);
    }

    /** Queues feedback. Never blocks. @return false when it was dropped (queue full or client closed) */
    public boolean feedback(Feedback feedback) {
        return offer(Sender.Endpoint.FEEDBACK, feedback.toMap());
    }

    private boolean offer(Sender.Endpoint endpoint, Map<String, ?> fields) {
        byte[] json;
        try {
            // serialized now: the caller may reuse or change its map as soon as we return
            json = JSON.writeValueAsBytes(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not writable as JSON: " + e.getOriginalMessage(), e);
        }
        if (!closed.get() && queue.offer(new Sender.Item(endpoint, json))) {
            return true;
        }
        long total = dropped.incrementAndGet();
        log.warn("dropped", closed.get() ? "genaimon client is closed; dropped " + total + " items so far"
                : "genaimon client queue is full (" + settings.queueCapacity() + "); dropped " + total
                + " items so far (genaimon unreachable or too slow? see queueCapacity, batchSize)");
        return false;
    }

    /**
     * Waits until everything queued before this call has been sent or given up on. Blocks the calling thread only.
     *
     * @return true when it was all handled within the timeout
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Sender.FlushMarker marker = new Sender.FlushMarker(new CountDownLatch(1));
        try {
            if (!thread.isAlive() || !queue.offer(marker, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return queue.isEmpty() && sender.inFlight.get() == 0;
            }
            return marker.done().await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Stops accepting items, sends what is queued (waiting at most {@code closeTimeout}), and stops the sender. Items
     * still unsent after the timeout count as failed.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean drained = flush(settings.closeTimeout());
        if (drained) {
            sender.stop();
        } else {
            sender.abandon();
            thread.interrupt(); // out of a backoff sleep or a request in flight
        }
        try {
            thread.join(settings.closeTimeout().toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The counters so far. */
    public ClientStats stats() {
        long queued = queue.stream().filter(Sender.Item.class::isInstance).count();
        return new ClientStats(sender.sent.get(), dropped.get(), sender.retried.get(), sender.failed.get(),
                queued + sender.inFlight.get());
    }

    /** Configures a {@link GenaimonClient}; every setting has a default. */
    public static final class Builder {
        private final URI baseUrl;
        private String apiKey;
        private int batchSize = 500;
        private Duration linger = Duration.ofMillis(200);
        private int queueCapacity = 10_000;
        private int maxRetries = 10;
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration closeTimeout = Duration.ofSeconds(10);
        private Duration logInterval = Duration.ofSeconds(30);
        private HttpClient httpClient;

        private Builder(URI baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        }

        /** Sent as {@code Authorization: Bearer <key>}; none for a dev-mode server. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** Most items per request (default 500); keep it at or below the server's ingest.max-items-per-request. */
        public Builder batchSize(int batchSize) {
            this.batchSize = positive(batchSize, "batchSize");
            return this;
        }

        /** How long a batch waits to fill before it is sent anyway (default 200 ms). */
        public Builder linger(Duration linger) {
            this.linger = nonNegative(linger, "linger");
            return this;
        }

        /** Most items waiting to be sent (default 10,000); beyond that items are dropped, not blocked on. */
        public Builder queueCapacity(int capacity) {
            this.queueCapacity = positive(capacity, "queueCapacity");
            return this;
        }

        /** Retries of one batch before its items count as failed (default 10; about 2 minutes with the defaults). */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must not be negative");
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /**
         * Exponential backoff with full jitter: retry n waits a random time in [0, min(max, initial * 2^n)]; a
         * server's Retry-After is waited instead, up to {@code max}. Defaults 100 ms and 30 s.
         */
        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = nonNegative(initial, "initial backoff");
            this.maxBackoff = nonNegative(max, "max backoff");
            return this;
        }

        /** Timeout of one HTTP request (default 10 s). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = nonNegative(timeout, "requestTimeout");
            return this;
        }

        /** How long {@link #close()} waits for the queue to drain (default 10 s). */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = nonNegative(timeout, "closeTimeout");
            return this;
        }

        /** At most one warning per kind (dropped, retrying, failed) per interval (default 30 s). */
        public Builder logInterval(Duration interval) {
            this.logInterval = nonNegative(interval, "logInterval");
            return this;
        }

        /** A preconfigured JDK HttpClient (TLS, proxy, executor); default HTTP/1.1 with a 5 s connect timeout. */
        public Builder httpClient(HttpClient client) {
            this.httpClient = client;
            return this;
        }

        /** Starts the client and its sender thread. */
        public GenaimonClient build() {
            String base = baseUrl.toString().replaceAll("/+$", "");
            HttpClient http = httpClient != null ? httpClient : HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            return new GenaimonClient(new Settings(base, apiKey, batchSize, linger, queueCapacity, maxRetries,
                    initialBackoff, maxBackoff, requestTimeout, closeTimeout, logInterval), http);
        }

        private static int positive(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, got " + value);
            }
            return value;
        }

        private static Duration nonNegative(Duration value, String name) {
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException(name + " must be a non-negative duration");
            }
            return value;
        }
    }
}
