package dev.genaimon.ingest.publish;

import dev.genaimon.schemas.avro.DeadLetter;
import dev.genaimon.schemas.topics.TopicSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes validated Avro records (interactions, feedback, ...) to their topic and waits for Kafka's acknowledgement.
 * A record that cannot be encoded or that Kafka refuses as such goes to the dead-letter topic with the reason; when
 * Kafka itself is unavailable the whole call fails with {@link KafkaUnavailableException} so the HTTP layer answers
 * 503. One instance (one producer) serves every topic.
 *
 * <p>Serialization happens here rather than in the producer so an encoding failure is attributed to its item.
 */
public final class AvroPublisher implements AutoCloseable {

    /** Largest original payload kept in a dead letter. */
    static final int MAX_DLQ_PAYLOAD = 64 * 1024;

    private final Producer<byte[], byte[]> producer;
    private final TopicSpec<String, DeadLetter> dlqTopic;
    private final Duration ackTimeout;
    private final Clock clock;

    /**
     * @param producer   bytes producer, e.g. configured with {@link #producerConfig}; closed by {@link #close()}
     * @param dlqTopic   where records that cannot be written go, with the reason
     * @param ackTimeout how long one {@link #publish} call waits for Kafka before giving up
     */
    public AvroPublisher(Producer<byte[], byte[]> producer, TopicSpec<String, DeadLetter> dlqTopic,
                         Duration ackTimeout, Clock clock) {
        this.producer = producer;
        this.dlqTopic = dlqTopic;
        this.ackTimeout = ackTimeout;
        this.clock = clock;
    }

    /**
     * Producer settings for ingest: idempotent, acks=all, lz4-compressed 256 KiB batches with a 10 ms linger, and
     * bounded blocking so a request never hangs on an unavailable cluster.
     */
    public static java.util.Map<String, Object> producerConfig(String bootstrapServers, Duration maxBlock) {
        return java.util.Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                // throughput: a request's items fill few large batches (the request waits for its acks anyway)
                ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) maxBlock.toMillis(),
                ProducerConfig.CLIENT_ID_CONFIG, "genaimon-ingest",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    }

    /**
     * Writes the records to {@code topic} and waits until Kafka acknowledged all of them (or the dead letters that
     * replaced some). Outcomes are in the order of {@code records}.
     *
     * @param topic   the records' topic; its value serde encodes them
     * @param records what to write, each with its key, event time and original JSON
     * @param stage   DLQ stage name, e.g. ingest-http
     * @throws KafkaUnavailableException when Kafka did not acknowledge in time; some records may have been written
     */
    public <V> List<PublishOutcome> publish(TopicSpec<String, V> topic, List<Outgoing<V>> records, String stage)
            throws KafkaUnavailableException {
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        List<PublishOutcome> outcomes = new ArrayList<>(records.size());
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        for (Outgoing<V> record : records) {
            try {
                byte[] value = topic.value().serializer().serialize(topic.name(), record.value());
                // the record timestamp is the event time: windows downstream count records when they happened
                acks.add(send(new ProducerRecord<>(topic.name(), null, record.eventTime().toEpochMilli(),
                        key(record.key()), value)));
                outcomes.add(PublishOutcome.written(record.id()));
            } catch (KafkaUnavailableException e) {
                throw e;
            } catch (RuntimeException e) {
                acks.add(sendDeadLetter(topic, record, stage, "ENCODING_FAILED", e));
                outcomes.add(PublishOutcome.deadLettered(record.id(), "ENCODING_FAILED", e.getMessage()));
            }
        }
        for (int i = 0; i < acks.size(); i++) {
            try {
                await(acks.get(i), deadline);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RecordTooLargeException) || !outcomes.get(i).written()) {
                    throw new KafkaUnavailableException("Kafka did not accept the records: " + e.getCause(), e);
                }
                // valid, but bigger than the topic accepts: keep it (truncated) with the reason instead
                Future<RecordMetadata> letter = sendDeadLetter(topic, records.get(i), stage, "RECORD_TOO_LARGE",
                        e.getCause());
                outcomes.set(i, PublishOutcome.deadLettered(records.get(i).id(), "RECORD_TOO_LARGE",
                        e.getCause().getMessage()));
                try {
                    await(letter, deadline);
                } catch (ExecutionException dlqFailure) {
                    throw new KafkaUnavailableException("could not write the dead letter: " + dlqFailure.getCause(),
                            dlqFailure);
                }
            }
        }
        return outcomes;
    }

    private void await(Future<RecordMetadata> ack, long deadline) throws ExecutionException, KafkaUnavailableException {
        try {
            ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new KafkaUnavailableException("Kafka did not acknowledge within " + ackTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while waiting for Kafka", e);
        }
    }

    private Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) throws KafkaUnavailableException {
        try {
            return producer.send(record);
        } catch (RetriableException e) {
            throw new KafkaUnavailableException("Kafka is unavailable: " + e.getMessage(), e);
        } catch (KafkaException e) {
            throw new KafkaUnavailableException("the producer failed: " + e.getMessage(), e);
        }
    }

    private Future<RecordMetadata> sendDeadLetter(TopicSpec<String, ?> topic, Outgoing<?> record, String stage,
                                                  String reason, Throwable cause) throws KafkaUnavailableException {
        byte[] original = record.originalJson().get();
        boolean truncated = original.length > MAX_DLQ_PAYLOAD;
        DeadLetter letter = DeadLetter.newBuilder()
                .setDeadLetterId(UUID.randomUUID().toString())
                .setStage(stage)
                .setReason(reason)
                .setMessage(cause.getMessage() + (truncated ? " (payload truncated to " + MAX_DLQ_PAYLOAD
                        + " bytes)" : ""))
                .setExceptionClass(cause.getClass().getName())
                .setSourceTopic(topic.name())
                .setTenant(record.tenant())
                .setContentType("application/json")
                .setPayload(ByteBuffer.wrap(truncated ? Arrays.copyOf(original, MAX_DLQ_PAYLOAD) : original))
                .setPayloadRedacted(record.payloadRedacted())
                .setAt(clock.instant())
                .build();
        byte[] value = dlqTopic.value().serializer().serialize(dlqTopic.name(), letter);
        return send(new ProducerRecord<>(dlqTopic.name(), key(record.key()), value));
    }

    private static byte[] key(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
