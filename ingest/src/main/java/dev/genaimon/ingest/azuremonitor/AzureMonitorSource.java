package dev.genaimon.ingest.azuremonitor;

import dev.genaimon.schemas.avro.DeadLetter;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.SourceWatermark;
import dev.genaimon.schemas.topics.TopicSpec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls interactions from a Log Analytics workspace: every {@code interval} one poll reads the rows with
 * {@code watermark - overlap < time <= now} page by page ({@link KqlTemplate}), skips the rows it already wrote
 * (their ids are remembered in the watermark while they can be read again), maps the others ({@link RowMapper}) and
 * writes each page's interactions, dead letters and the new watermark in ONE Kafka transaction. A restart therefore
 * goes on from the last committed page: no row is written twice and none is skipped, as long as a row becomes
 * visible in the workspace within {@code overlap} of its time.
 *
 * <p>One source per workspace runs at a time: the transactional id is derived from the workspace, so a newly started
 * instance fences the previous one.
 */
public final class AzureMonitorSource implements AutoCloseable {

    static final String STAGE = "ingest-azure-monitor";
    /** Kafka refuses records over max.message.bytes (1 MiB by default); bigger interactions become dead letters. */
    static final int MAX_RECORD_BYTES = 1_000_000;
    static final int MAX_DLQ_PAYLOAD = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(AzureMonitorSource.class);

    /** What one poll did. */
    public record Poll(int pages, int written, int duplicates, int deadLettered, boolean caughtUp) {
    }

    private final AzureMonitorSettings settings;
    private final LogsQuery logs;
    private final Producer<byte[], byte[]> producer;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final TopicSpec<String, Interaction> interactions;
    private final TopicSpec<String, DeadLetter> dlq;
    private final TopicSpec<String, SourceWatermark> watermarks;
    private final Clock clock;
    private final KqlTemplate kql;
    private final RowMapper mapper;
    private final String queryFingerprint;
    private final Map<String, Counter> rows;
    private final Counter pollsOk;
    private final Counter pollsFailed;
    private volatile Progress progress;
    private volatile boolean failed;
    private ScheduledExecutorService scheduler;

    /**
     * @param producer  a transactional bytes producer ({@link #producerConfig}); closed by {@link #close()}
     * @param consumers makes the read_committed consumer that reads the watermark at start ({@link #consumerConfig})
     */
    public AzureMonitorSource(AzureMonitorSettings settings, LogsQuery logs, Producer<byte[], byte[]> producer,
                              Supplier<Consumer<byte[], byte[]>> consumers, TopicSpec<String, Interaction> interactions,
                              TopicSpec<String, DeadLetter> dlq, TopicSpec<String, SourceWatermark> watermarks,
                              MeterRegistry meters, Clock clock) {
        this.settings = settings;
        this.logs = logs;
        this.producer = producer;
        this.consumers = consumers;
        this.interactions = interactions;
        this.dlq = dlq;
        this.watermarks = watermarks;
        this.clock = clock;
        this.kql = new KqlTemplate(settings);
        this.mapper = new RowMapper(settings.mapping(), settings.workspaceId(), settings.timeColumn());
        this.queryFingerprint = RowMapper.sha256Hex(settings.query()).substring(0, 16);
        this.rows = Map.of(
                "written", rowCounter(meters, "written"),
                "duplicate", rowCounter(meters, "duplicate"),
                "dead_lettered", rowCounter(meters, "dead_lettered"));
        this.pollsOk = Counter.builder("genaimon.azure_monitor.polls").tag("outcome", "ok")
                .description("Azure Monitor source polls").register(meters);
        this.pollsFailed = Counter.builder("genaimon.azure_monitor.polls").tag("outcome", "failed")
                .description("Azure Monitor source polls").register(meters);
        Gauge.builder("genaimon.azure_monitor.watermark_lag_seconds", this,
                        s -> s.progress == null ? Double.NaN
                                : Duration.between(s.progress.through(), s.clock.instant()).toMillis() / 1000.0)
                .description("How far the Azure Monitor source's watermark is behind now").register(meters);
    }

    private static Counter rowCounter(MeterRegistry meters, String outcome) {
        return Counter.builder("genaimon.azure_monitor.rows").tag("outcome", outcome)
                .description("Log Analytics rows read by the Azure Monitor source, by outcome").register(meters);
    }

    /** Transactional producer settings: the transactional id is stable per workspace (fences a previous instance). */
    public static Map<String, Object> producerConfig(String workspaceId) {
        return Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "genaimon-azure-monitor-" + workspaceId,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.CLIENT_ID_CONFIG, "genaimon-azure-monitor",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    }

    /** The watermark reader's consumer: read_committed, no group, no commits. */
    public static Map<String, Object> consumerConfig() {
        return Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "genaimon-azure-monitor-watermark",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    }

    /**
     * Fences any previous instance (aborting its open transaction) and reads the committed watermark. Call once before
     * {@link #pollOnce()}; {@link #start()} does.
     */
    public void open() {
        producer.initTransactions();
        Optional<SourceWatermark> stored;
        try (Consumer<byte[], byte[]> consumer = consumers.get()) {
            stored = WatermarkReader.latest(consumer, watermarks, settings.sourceKey(), Duration.ofSeconds(30));
        }
        if (stored.isPresent()) {
            progress = Progress.of(stored.get());
            if (!queryFingerprint.equals(stored.get().getQueryFingerprint())) {
                LOG.warn("Azure Monitor source {}: the query changed since the watermark was written; going on from"
                        + " {} with the new query", settings.sourceKey(), progress.through());
            }
            LOG.info("Azure Monitor source {}: resuming after {} ({} rows written so far)", settings.sourceKey(),
                    progress.through(), progress.rowsWritten());
        } else {
            progress = Progress.startingAt(clock.instant().minus(settings.lookback()).plus(settings.overlap()));
            LOG.info("Azure Monitor source {}: no watermark yet, reading from {}", settings.sourceKey(),
                    progress.readFrom(settings.overlap()));
        }
    }

    /** Opens the source and polls every {@code interval} on its own thread until {@link #close()}. */
    public void start() {
        open();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "azure-monitor-" + settings.workspaceId());
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::pollLogged, 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pollLogged() {
        if (failed) {
            return;
        }
        try {
            Poll poll = pollOnce();
            if (poll.written() + poll.deadLettered() > 0) {
                LOG.info("Azure Monitor source {}: {} rows written, {} dead-lettered, {} already written, {} pages",
                        settings.sourceKey(), poll.written(), poll.deadLettered(), poll.duplicates(), poll.pages());
            }
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
            failed = true;
            LOG.error("Azure Monitor source {} stops: {} (another instance with the same workspace took over, or"
                    + " the producer is not allowed to write)", settings.sourceKey(), e.toString());
        } catch (RuntimeException e) {
            LOG.warn("Azure Monitor source {}: poll failed, retrying in {}: {}", settings.sourceKey(),
                    settings.interval(), e.toString());
        }
    }

    /** True once the source stopped for good (fenced by a newer instance, or not authorized). */
    public boolean failed() {
        return failed;
    }

    /**
     * Reads every row visible up to now (at most {@code maxPages} pages) and commits page by page.
     *
     * @throws RuntimeException when the query or Kafka fails; what was committed stays, the next poll goes on
     */
    public Poll pollOnce() {
        if (progress == null) {
            throw new IllegalStateException("open() first");
        }
        try {
            Poll poll = readPages();
            pollsOk.increment();
            return poll;
        } catch (RuntimeException e) {
            pollsFailed.increment();
            throw e;
        }
    }

    private Poll readPages() {
        Instant until = clock.instant();
        Instant after = progress.readFrom(settings.overlap());
        KqlTemplate.Cursor cursor = null;
        int pages = 0;
        int newPages = 0;
        int written = 0;
        int duplicates = 0;
        int deadLettered = 0;
        boolean caughtUp = false;
        // pages holding only rows already written (the overlap window) do not count against max-pages, so a poll
        // always gets past the overlap however small the pages are
        while (!caughtUp && newPages < settings.maxPages()) {
            List<LogRow> page = logs.run(kql.page(after, until, cursor), after, until);
            pages++;
            caughtUp = page.size() < settings.pageSize();
            Progress next = progress.copy();
            int writtenBefore = written + deadLettered;
            Instant lastTime = null;
            String lastId = null;
            producer.beginTransaction();
            try {
                for (LogRow row : page) {
                    Instant time = rowTime(row);
                    String rowId = row.get(settings.idColumn());
                    lastTime = time;
                    lastId = rowId == null ? "" : rowId;
                    long hash = Progress.idHash(rowId == null || rowId.isEmpty() ? "row:" + row.toJson() : rowId);
                    if (next.seen(hash)) {
                        duplicates++;
                        continue;
                    }
                    next.remember(hash, time);
                    if (write(row, rowId)) {
                        next.countWritten();
                        written++;
                    } else {
                        next.countDeadLettered();
                        deadLettered++;
                    }
                }
                int forgotten = next.advance(caughtUp ? until : lastTime != null ? lastTime : next.through(),
                        settings.overlap(), settings.maxSeenRows());
                if (forgotten > 0) {
                    LOG.warn("Azure Monitor source {}: more than {} rows in the overlap window; forgot {} row ids"
                                    + " (raise azure-monitor.max-seen-rows or lower azure-monitor.overlap)",
                            settings.sourceKey(), settings.maxSeenRows(), forgotten);
                }
                SourceWatermark watermark = next.toAvro(settings.sourceKey(), queryFingerprint, clock.instant());
                producer.send(new ProducerRecord<>(watermarks.name(), key(settings.sourceKey()),
                        watermarks.value().serializer().serialize(watermarks.name(), watermark)));
                producer.commitTransaction();
            } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
                throw e; // fatal: the producer cannot abort either
            } catch (RuntimeException e) {
                abortQuietly(e);
                throw e;
            }
            progress = next;
            if (written + deadLettered > writtenBefore) {
                newPages++;
            }
            if (lastTime != null) {
                cursor = new KqlTemplate.Cursor(lastTime, lastId);
            }
        }
        rows.get("written").increment(written);
        rows.get("duplicate").increment(duplicates);
        rows.get("dead_lettered").increment(deadLettered);
        return new Poll(pages, written, duplicates, deadLettered, caughtUp);
    }

    private Instant rowTime(LogRow row) {
        if (!row.has(settings.timeColumn()) || !row.has(settings.idColumn())) {
            throw new IllegalStateException("the query result has no column '" + (row.has(settings.timeColumn())
                    ? settings.idColumn() : settings.timeColumn()) + "' (columns: " + row.values().keySet()
                    + "); keep it when the query projects columns");
        }
        try {
            return RowMapper.parseTime(settings.timeColumn(), row.get(settings.timeColumn()));
        } catch (RowMappingException e) {
            throw new IllegalStateException("the query result's time column is not a date-time: " + e.getMessage(), e);
        }
    }

    /** Sends the row's interaction, or a dead letter with the reason. @return true when the interaction was sent */
    private boolean write(LogRow row, String rowId) {
        String interactionId = mapper.interactionId(row, rowId == null ? "" : rowId);
        if (rowId == null || rowId.isEmpty()) {
            deadLetter(row, interactionId, null, "MAPPING_FAILED", "the id column '" + settings.idColumn()
                    + "' is empty");
            return false;
        }
        Interaction interaction;
        try {
            interaction = mapper.map(row, rowId, clock.instant());
        } catch (RowMappingException e) {
            deadLetter(row, interactionId, null, "MAPPING_FAILED", e.getMessage());
            return false;
        }
        byte[] value;
        try {
            value = interactions.value().serializer().serialize(interactions.name(), interaction);
        } catch (RuntimeException e) {
            deadLetter(row, interactionId, interaction.getTenant(), "ENCODING_FAILED", e.toString());
            return false;
        }
        if (value.length > MAX_RECORD_BYTES) {
            deadLetter(row, interactionId, interaction.getTenant(), "RECORD_TOO_LARGE", "the interaction is "
                    + value.length + " bytes encoded, more than " + MAX_RECORD_BYTES);
            return false;
        }
        producer.send(new ProducerRecord<>(interactions.name(), null, interaction.getTimestamp().toEpochMilli(),
                key(interaction.getInteractionId()), value));
        return true;
    }

    private void deadLetter(LogRow row, String key, String tenant, String reason, String message) {
        byte[] original = row.toJson().getBytes(StandardCharsets.UTF_8);
        boolean truncated = original.length > MAX_DLQ_PAYLOAD;
        DeadLetter letter = DeadLetter.newBuilder()
                .setDeadLetterId(UUID.randomUUID().toString())
                .setStage(STAGE)
                .setReason(reason)
                .setMessage("Log Analytics row: " + message + (truncated ? " (payload truncated to "
                        + MAX_DLQ_PAYLOAD + " bytes)" : ""))
                .setSourceTopic(interactions.name())
                .setTenant(tenant)
                .setContentType("application/json")
                .setPayload(ByteBuffer.wrap(truncated ? Arrays.copyOf(original, MAX_DLQ_PAYLOAD) : original))
                .setPayloadRedacted(false)
                .setAt(clock.instant())
                .build();
        producer.send(new ProducerRecord<>(dlq.name(), key(key), dlq.value().serializer().serialize(dlq.name(),
                letter)));
    }

    private void abortQuietly(RuntimeException cause) {
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            cause.addSuppressed(e);
        }
    }

    private static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /** The watermark as last committed (null before {@link #open()}). */
    Progress progress() {
        return progress;
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.warn("Azure Monitor source {}: the poll did not stop within 10 s", settings.sourceKey());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(Duration.ofSeconds(5));
    }
}
