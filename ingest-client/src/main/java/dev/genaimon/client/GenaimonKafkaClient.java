package dev.genaimon.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.topics.Topics;
import dev.genaimon.schemas.validate.FeedbackValidator;
import dev.genaimon.schemas.validate.InteractionValidator;
import dev.genaimon.schemas.validate.ItemError;
import dev.genaimon.schemas.validate.ItemLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Direct Kafka mode: for services that already run Kafka producers, sends interactions and feedback straight to
 * {@code genaimon.interactions.raw.v1} and {@code genaimon.feedback.v1}, with what the HTTP ingest does to each item:
 * the same validation and limits ({@link InteractionValidator}, {@link FeedbackValidator}, shared with the server),
 * id assignment, hashed user/session ids, tenant handling, Avro single-object encoding, keys (interactionId for both)
 * and record timestamps (event time). Downstream the records differ from HTTP ones only in {@code source}
 * ({@value #SOURCE}).
 *
 * <p>Same contract as {@link GenaimonClient}: {@link #record} and {@link #feedback} never block and never throw for a
 * transport problem; they snapshot the item and offer it to a bounded queue (full: dropped, counted, logged at most
 * once per {@code logInterval}). One background thread validates, encodes and hands records to an idempotent producer
 * ({@code acks=all}); records the producer gives up on with a retriable error (broker unavailable past
 * {@code delivery.timeout.ms}, metadata not available within {@code max.block.ms}) are sent again with exponential
 * backoff and jitter, up to {@code maxRetries}. Invalid items are rejected here with the reason (nothing reaches
 * Kafka), counted in {@link #rejected()} and in {@link ClientStats#failed()}, and passed to
 * {@link Builder#onRejected}.
 *
 * <p>Needs {@code kafka-clients} and {@code genaimon-schemas} on the class path (optional dependencies of this
 * artifact; the HTTP mode does not use them). Use the server's {@code ingest.*} limits and
 * {@code ingest.id-hash-salt} in {@link Builder#limits}, or hashed user ids will not match the HTTP ones.
 *
 * <pre>{@code
 * GenaimonKafkaClient genaimon = GenaimonKafkaClient.builder(Map.of("bootstrap.servers", "kafka:9092"))
 *         .tenant("acme").limits(ItemLimits.defaults().withIdHashSalt(salt)).build();
 * genaimon.record(Interaction.builder("support-bot", "openai", "gpt-4o").message("user", q).response(a).build());
 * ...
 * genaimon.close(); // sends what is queued, waiting at most closeTimeout
 * }</pre>
 */
public final class GenaimonKafkaClient implements AutoCloseable {

    /** The {@code source} of the records this client writes (HTTP JSON: http, OTLP: otlp). */
    public static final String SOURCE = "kafka";

    /**
     * An item this client refused before Kafka, with the validator's reasons (the same the HTTP ingest answers).
     *
     * @param kind   interaction or feedback
     * @param id     the item's interactionId / feedbackId when it had one (or was given one), else null
     * @param errors one "path: message" per problem
     */
    public record Rejection(String kind, String id, List<String> errors) {
    }

    /** The builder's values. */
    record Settings(String tenant, String interactionsTopic, String feedbackTopic, int queueCapacity, int maxRetries,
                    Duration initialBackoff, Duration maxBackoff, Duration closeTimeout, Duration logInterval) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final BlockingQueue<KafkaSender.Entry> queue;
    private final KafkaSender sender;
    private final Thread thread;
    private final ThrottledLog log;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    private GenaimonKafkaClient(Settings settings, Producer<byte[], byte[]> producer, InteractionValidator interactions,
                                FeedbackValidator feedback, AvroSerdes serdes, Consumer<Rejection> onRejected) {
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.log = new ThrottledLog(settings.logInterval(), System::nanoTime);
        this.sender = new KafkaSender(settings, queue, producer, interactions, feedback, serdes,
                new Backoff(settings.initialBackoff(), settings.maxBackoff(),
                        () -> ThreadLocalRandom.current().nextDouble()), log, onRejected);
        this.thread = new Thread(sender, "genaimon-kafka-client-sender");
        thread.setDaemon(true); // never keeps the application alive; close() is what drains
        thread.start();
    }

    /**
     * @param producerConfig Kafka producer settings: at least {@code bootstrap.servers}, plus security settings of
     *                       the cluster. {@code acks=all}, idempotence and byte-array serializers are imposed;
     *                       compression, linger and batch size default to the HTTP ingest's (lz4, 10 ms, 256 KiB).
     */
    public static Builder builder(Map<String, ?> producerConfig) {
        return new Builder(producerConfig);
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
        return offer(KafkaSender.Kind.INTERACTION, copy);
    }

    /** Queues an interaction. Never blocks. @return false when it was dropped (queue full or client closed) */
    public boolean record(Interaction interaction) {
        return offer(KafkaSender.Kind.INTERACTION, interaction.toMap());
    }

    /**
     * Queues feedback (field names of genaimon's {@code Feedback} schema; {@code interactionId} required). Never
     * blocks.
     *
     * @return false when it was dropped (queue full or client closed)
     */
    public boolean feedback(Map<String, ?> feedback) {
        return offer(KafkaSender.Kind.FEEDBACK, feedback);
    }

    /** Queues feedback. Never blocks. @return false when it was dropped (queue full or client closed) */
    public boolean feedback(Feedback feedback) {
        return offer(KafkaSender.Kind.FEEDBACK, feedback.toMap());
    }

    private boolean offer(KafkaSender.Kind kind, Map<String, ?> fields) {
        ObjectNode json;
        try {
            // a snapshot now: the caller may reuse or change its map as soon as we return
            json = JSON.valueToTree(fields);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not writable as JSON: " + e.getMessage(), e);
        }
        if (!closed.get() && queue.offer(new KafkaSender.Item(kind, json))) {
            return true;
        }
        long total = dropped.incrementAndGet();
        log.warn("dropped", closed.get() ? "genaimon Kafka client is closed; dropped " + total + " items so far"
                : "genaimon Kafka client queue is full (" + settings.queueCapacity() + "); dropped " + total
                + " items so far (Kafka unreachable or too slow? see queueCapacity)");
        return false;
    }

    /**
     * Waits until everything queued before this call has been acknowledged by Kafka, rejected or given up on. Blocks
     * the calling thread only.
     *
     * @return true when it was all handled within the timeout
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        KafkaSender.FlushMarker marker = new KafkaSender.FlushMarker(new CountDownLatch(1));
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
     * Stops accepting items, sends what is queued (waiting at most {@code closeTimeout}), stops the sender and closes
     * the producer. Items still unacknowledged after the timeout count as failed.
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
            thread.interrupt(); // out of a backoff wait or a blocked send
        }
        try {
            thread.join(settings.closeTimeout().toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The counters so far; {@code failed} includes the items rejected as invalid ({@link #rejected()}). */
    public ClientStats stats() {
        long queued = queue.stream().filter(KafkaSender.Item.class::isInstance).count();
        return new ClientStats(sender.sent.get(), dropped.get(), sender.retried.get(), sender.failed.get(),
                queued + sender.inFlight.get());
    }

    /** Items refused as invalid before reaching Kafka (also counted in {@link ClientStats#failed()}). */
    public long rejected() {
        return sender.rejected.get();
    }

    /** Configures a {@link GenaimonKafkaClient}; every setting but the producer's bootstrap servers has a default. */
    public static final class Builder {
        private final Map<String, Object> producerConfig;
        private String tenant;
        private ItemLimits limits = ItemLimits.defaults();
        private String interactionsTopic = Topics.INTERACTIONS_RAW;
        private String feedbackTopic = Topics.FEEDBACK;
        private int queueCapacity = 10_000;
        private int maxRetries = 10;
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration closeTimeout = Duration.ofSeconds(10);
        private Duration logInterval = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();
        private AvroSerdes serdes = AvroSerdes.singleObject();
        private Consumer<Rejection> onRejected;
        private Function<Map<String, Object>, Producer<byte[], byte[]>> producerFactory =
                config -> new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());

        private Builder(Map<String, ?> producerConfig) {
            this.producerConfig = new HashMap<>(Objects.requireNonNull(producerConfig, "producerConfig"));
        }

        /**
         * The tenant of every item, imposed as an API key's tenant is by the HTTP ingest (an item naming another
         * tenant is written with this one). Default: none, the item's own {@code tenant} (schema default
         * {@code default}), as the HTTP ingest in dev mode.
         */
        public Builder tenant(String tenant) {
            this.tenant = tenant;
            return this;
        }

        /** The server's per-item limits and id-hash salt ({@code ingest.*}); default {@link ItemLimits#defaults()}. */
        public Builder limits(ItemLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Topic names, for a cluster that prefixes genaimon's topics; defaults are genaimon's. */
        public Builder topics(String interactions, String feedback) {
            this.interactionsTopic = Objects.requireNonNull(interactions, "interactions topic");
            this.feedbackTopic = Objects.requireNonNull(feedback, "feedback topic");
            return this;
        }

        /** How values are encoded; default Avro single-object encoding, as genaimon writes without a registry. */
        public Builder serdes(AvroSerdes serdes) {
            this.serdes = Objects.requireNonNull(serdes, "serdes");
            return this;
        }

        /** Most items waiting to be sent (default 10,000); beyond that items are dropped, not blocked on. */
        public Builder queueCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("queueCapacity must be at least 1, got " + capacity);
            }
            this.queueCapacity = capacity;
            return this;
        }

        /** Re-sends of one record after a retriable producer error before it counts as failed (default 10). */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must not be negative");
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** Exponential backoff with full jitter between re-sends; defaults 100 ms and 30 s. */
        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = nonNegative(initial, "initial backoff");
            this.maxBackoff = nonNegative(max, "max backoff");
            return this;
        }

        /** How long {@link #close()} waits for the queue to drain (default 10 s). */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = nonNegative(timeout, "closeTimeout");
            return this;
        }

        /** At most one warning per kind (dropped, rejected, retrying, failed) per interval (default 30 s). */
        public Builder logInterval(Duration interval) {
            this.logInterval = nonNegative(interval, "logInterval");
            return this;
        }

        /** Called on the sender thread for each invalid item; must not block. Default: a throttled warning. */
        public Builder onRejected(Consumer<Rejection> listener) {
            this.onRejected = listener;
            return this;
        }

        /** The clock ids, timestamps and age limits are checked against (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** For tests: makes the producer from the final configuration (default a {@link KafkaProducer}). */
        Builder producerFactory(Function<Map<String, Object>, Producer<byte[], byte[]>> factory) {
            this.producerFactory = factory;
            return this;
        }

        /** The producer configuration {@link #build()} uses. */
        Map<String, Object> producerConfig() {
            Map<String, Object> config = new HashMap<>();
            // as the HTTP ingest's producer (AvroPublisher.producerConfig) unless the service says otherwise
            config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
            config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
            config.put(ProducerConfig.CLIENT_ID_CONFIG, "genaimon-kafka-client");
            config.putAll(producerConfig);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            return config;
        }

        /** Creates the producer and starts the sender thread. */
        public GenaimonKafkaClient build() {
            if (!producerConfig.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
                throw new IllegalArgumentException("producerConfig needs " + ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
            }
            ThrottledLog rejectLog = new ThrottledLog(logInterval, System::nanoTime);
            Consumer<Rejection> listener = onRejected != null ? onRejected : r -> rejectLog.warn("rejected",
                    "genaimon Kafka client rejected an invalid " + r.kind() + " (" + r.id() + "): " + r.errors());
            Settings settings = new Settings(tenant, interactionsTopic, feedbackTopic, queueCapacity, maxRetries,
                    initialBackoff, maxBackoff, closeTimeout, logInterval);
            return new GenaimonKafkaClient(settings, producerFactory.apply(producerConfig()),
                    new InteractionValidator(limits, clock), new FeedbackValidator(limits, clock), serdes, listener);
        }

        private static Duration nonNegative(Duration value, String name) {
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException(name + " must be a non-negative duration");
            }
            return value;
        }
    }

    static List<String> describe(List<ItemError> errors) {
        return errors.stream().map(e -> e.path() + ": " + e.message()).toList();
    }
}
