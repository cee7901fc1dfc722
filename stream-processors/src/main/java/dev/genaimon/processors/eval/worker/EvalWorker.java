package dev.genaimon.processors.eval.worker;

import dev.genaimon.processors.dlq.DeadLetters;
import dev.genaimon.schemas.avro.EvaluationRequest;
import dev.genaimon.schemas.avro.EvaluationResult;
import dev.genaimon.schemas.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluation worker: a transactional consume → evaluate → produce loop over {@code genaimon.eval-requests.v1}
 * (not Kafka Streams: evaluation is slow and batched). Each poll's batch is decoded, scored by the
 * {@link EvaluationRunner}, and its results ({@code genaimon.eval-scores.v1}, key {@code interactionId/evaluator}),
 * its dead letters (undecodable requests, {@code genaimon.dlq.v1}) and its consumer offsets are committed in one
 * Kafka transaction ({@code sendOffsetsToTransaction} with the group metadata, KIP-447). A crash before the commit
 * leaves the batch uncommitted: its results are never visible to {@code read_committed} readers and the next owner of
 * the partitions evaluates it again. Evaluations may repeat; scores are published exactly once.
 *
 * <p>The transaction is opened only after the batch is evaluated, so it stays short whatever the evaluators cost. A
 * failed commit (broker error, or this worker lost its partitions because a batch took longer than
 * {@code max.poll.interval.ms}) aborts and rewinds to the batch's first offsets; fencing (another instance with the
 * same transactional id) is fatal.
 */
public final class EvalWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EvalWorker.class);
    static final String STAGE = "eval-worker";

    private final EvalWorkerSettings settings;
    private final Map<String, Object> clientProperties;
    private final String requestsTopic;
    private final String scoresTopic;
    private final Deserializer<EvaluationRequest> requests;
    private final Serializer<EvaluationResult> results;
    private final EvaluationRunner runner;
    private final WorkerMetrics metrics;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean killed;
    private volatile boolean assigned;
    private volatile Throwable failure;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final Supplier<Producer<byte[], byte[]>> producers;
    private Consumer<byte[], byte[]> consumer;
    private Producer<byte[], byte[]> producer;
    private boolean inTransaction;
    private long lastRequestedAt;

    // rate report
    private long reportStartNanos = System.nanoTime();
    private long busyNanos;
    private long evaluatedRequests;
    private long publishedResults;

    private EvalWorker(EvalWorkerSettings settings, Map<String, Object> clientProperties, Topics topics,
                       EvaluationRunner runner, MeterRegistry meters, Clock clock,
                       Supplier<Consumer<byte[], byte[]>> consumers, Supplier<Producer<byte[], byte[]>> producers) {
        this.settings = settings;
        this.clientProperties = Map.copyOf(clientProperties);
        this.consumers = consumers != null ? consumers : () -> new KafkaConsumer<>(consumerConfig(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.producers = producers != null ? producers : () -> new KafkaProducer<>(producerConfig(),
                new ByteArraySerializer(), new ByteArraySerializer());
        this.requestsTopic = topics.evalRequests().name();
        this.scoresTopic = topics.evalScores().name();
        this.requests = topics.evalRequests().value().deserializer();
        this.results = topics.evalScores().value().serializer();
        this.runner = runner;
        this.metrics = new WorkerMetrics(meters, clock);
        this.clock = clock;
        this.thread = new Thread(this::run, "genaimon-eval-worker");
    }

    /**
     * Starts the worker on its own thread.
     *
     * @param clientProperties bootstrap servers and security settings shared by the consumer and the producer
     */
    public static EvalWorker start(EvalWorkerSettings settings, Map<String, Object> clientProperties, Topics topics,
                                   EvaluationRunner runner, MeterRegistry meters, Clock clock) {
        EvalWorker worker = new EvalWorker(settings, clientProperties, topics, runner, meters, clock, null, null);
        worker.thread.start();
        return worker;
    }

    /** With given clients (tests: {@code MockConsumer} / {@code MockProducer}). */
    static EvalWorker start(EvalWorkerSettings settings, Topics topics, EvaluationRunner runner, MeterRegistry meters,
                            Clock clock, Supplier<Consumer<byte[], byte[]>> consumers,
                            Supplier<Producer<byte[], byte[]>> producers) {
        EvalWorker worker = new EvalWorker(settings, Map.of(), topics, runner, meters, clock, consumers, producers);
        worker.thread.start();
        return worker;
    }

    private void run() {
        try {
            consumer = consumers.get();
            producer = producers.get();
            producer.initTransactions(); // aborts what a previous run with this transactional id left open
            consumer.subscribe(List.of(requestsTopic), new Rebalance());
            LOG.info("{}: consuming {} as group {} (transactional id {}), batches of {}, {} threads", STAGE,
                    requestsTopic, settings.groupId(), settings.transactionalId(), settings.batchSize(),
                    settings.threads());
            while (running) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(settings.pollTimeout());
                if (!batch.isEmpty()) {
                    process(batch);
                } else if (killed) {
                    halt();
                }
                if (consumer == null) {
                    break; // killed
                }
                updateBacklog();
                report();
            }
        } catch (WakeupException e) {
            // close() or kill(): leave the loop
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException
                 | UnsupportedVersionException e) {
            failure = e;
            LOG.error("{}: cannot continue (another instance uses transactional id {}, or the broker refuses): {}",
                    STAGE, settings.transactionalId(), e.toString());
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.error("{}: stopped by an unexpected error", STAGE, e);
        } finally {
            closeClients();
        }
    }

    private void process(ConsumerRecords<byte[], byte[]> batch) {
        long started = System.nanoTime();
        List<EvaluationRequest> decoded = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> deadLetters = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Map<TopicPartition, Long> firstOffsets = new HashMap<>();
        long oldest = Long.MAX_VALUE;
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            firstOffsets.putIfAbsent(tp, record.offset());
            offsets.put(tp, new OffsetAndMetadata(record.offset() + 1));
            if (record.value() == null) {
                continue; // a tombstone is nothing to evaluate
            }
            try {
                EvaluationRequest request = requests.deserialize(record.topic(), record.value());
                if (request.getInteraction() == null) {
                    throw new IllegalArgumentException("evaluation request without an interaction");
                }
                decoded.add(request);
                oldest = Math.min(oldest, request.getRequestedAt().toEpochMilli());
                lastRequestedAt = Math.max(lastRequestedAt, request.getRequestedAt().toEpochMilli());
            } catch (RuntimeException e) {
                metrics.deadLetter();
                LOG.warn("{}: undecodable request {}-{}@{} sent to the DLQ: {}", STAGE, record.topic(),
                        record.partition(), record.offset(), e.getMessage());
                deadLetters.add(DeadLetters.record(STAGE, record.topic(), record.partition(), record.offset(),
                        record.key(), record.value(), false, e));
                oldest = Math.min(oldest, record.timestamp());
            }
        }
        metrics.backlog(Math.max(metrics.backlog(), batch.count()), oldest);

        List<EvaluationResult> scored = runner.evaluate(decoded);

        try {
            producer.beginTransaction();
            inTransaction = true;
            for (ProducerRecord<byte[], byte[]> letter : deadLetters) {
                producer.send(letter);
            }
            for (EvaluationResult result : scored) {
                String key = result.getInteractionId() + "/" + result.getName();
                producer.send(new ProducerRecord<>(scoresTopic, key.getBytes(StandardCharsets.UTF_8),
                        results.serialize(scoresTopic, result)));
            }
            if (killed) {
                halt(); // a test's crash: results are in the log, the transaction is never committed
                return;
            }
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
            inTransaction = false;
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException
                 | UnsupportedVersionException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warn("{}: transaction of {} requests failed, aborting and evaluating them again: {}", STAGE,
                    batch.count(), e.toString());
            abort();
            metrics.aborted();
            firstOffsets.forEach((tp, offset) -> {
                if (consumer.assignment().contains(tp)) {
                    consumer.seek(tp, offset);
                }
            });
            return;
        }
        for (EvaluationResult result : scored) {
            metrics.result(result);
        }
        long took = System.nanoTime() - started;
        metrics.batch(Duration.ofNanos(took));
        busyNanos += took;
        evaluatedRequests += batch.count();
        publishedResults += scored.size();
    }

    private void abort() {
        if (inTransaction && producer != null) {
            try {
                producer.abortTransaction();
            } catch (KafkaException e) {
                LOG.warn("{}: abort failed: {}", STAGE, e.toString());
            }
            inTransaction = false;
        }
    }

    private void updateBacklog() {
        long lag = 0;
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong partitionLag = consumer.currentLag(tp);
            if (partitionLag.isPresent()) {
                lag += partitionLag.getAsLong();
            }
        }
        // the oldest unevaluated request was requested no earlier than the newest one just evaluated: an upper bound
        metrics.backlog(lag, lastRequestedAt > 0 ? lastRequestedAt : clock.millis());
    }

    private void report() {
        long now = System.nanoTime();
        if (now - reportStartNanos < settings.reportInterval().toNanos()) {
            return;
        }
        double busySeconds = busyNanos / 1e9;
        double rate = busySeconds > 0 ? evaluatedRequests / busySeconds : 0.0;
        if (evaluatedRequests > 0) {
            metrics.sustainableRate(rate);
            LOG.info(String.format(Locale.ROOT, "%s: %d requests, %d results in %.0f s (busy %.1f s): sustainable "
                            + "%.1f requests/s (%.1f results/s); backlog %d, oldest unevaluated %.0f s", STAGE,
                    evaluatedRequests, publishedResults, (now - reportStartNanos) / 1e9, busySeconds, rate,
                    busySeconds > 0 ? publishedResults / busySeconds : 0.0, metrics.backlog(),
                    metrics.oldestAgeSeconds()));
        }
        reportStartNanos = now;
        busyNanos = 0;
        evaluatedRequests = 0;
        publishedResults = 0;
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, settings.autoOffsetReset());
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.batchSize());
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) settings.maxPollInterval().toMillis());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-consumer");
        return config;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-producer");
        return config;
    }

    /** Partitions move between workers only inside poll(), when no transaction is open; abort one if it is. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (inTransaction) {
                LOG.warn("{}: partitions {} revoked with a transaction open; aborting it", STAGE, partitions);
                abort();
            }
            LOG.info("{}: revoked {}", STAGE, partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assigned = !consumer.assignment().isEmpty();
            LOG.info("{}: assigned {}", STAGE, partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // another worker may already own them: nothing of this transaction may be committed
            abort();
            LOG.warn("{}: lost {}", STAGE, partitions);
        }
    }

    /** @return whether the worker's consumer has partitions assigned (it joined its group) */
    public boolean hasAssignment() {
        return assigned;
    }

    /** @return why the worker stopped on its own, or null while it runs or after a normal close */
    public Throwable failure() {
        return failure;
    }

    public boolean isRunning() {
        return thread.isAlive();
    }

    /** Requests per second the worker sustained in its last report interval (0 before the first report). */
    public double sustainableRate() {
        return metrics.sustainableRate();
    }

    /** Finishes the batch in hand (commits it), then stops. */
    @Override
    public void close() {
        running = false;
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        join();
    }

    /**
     * Stops like a crashed process: the batch in hand is produced but its transaction is neither committed nor
     * aborted, and no offsets are committed. For tests of the exactly-once guarantee.
     */
    public void kill() {
        killed = true; // the loop halts after producing its next batch (or at once when idle)
        join();
    }

    private void halt() {
        LOG.warn("{}: killed: leaving the open transaction and the offsets uncommitted", STAGE);
        producer.flush();
        inTransaction = false;
        producer.close(Duration.ZERO);
        producer = null;
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ZERO));
        consumer = null;
        running = false;
    }

    private void join() {
        try {
            thread.join(Duration.ofSeconds(60).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeClients() {
        if (producer != null) {
            abort();
            producer.close(Duration.ofSeconds(10));
        }
        if (consumer != null) {
            consumer.close();
        }
        runner.close();
        LOG.info("{}: stopped", STAGE);
    }
}
