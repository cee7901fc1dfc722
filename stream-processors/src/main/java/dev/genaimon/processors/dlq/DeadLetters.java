package dev.genaimon.processors.dlq;

import dev.genaimon.processors.EventTimeTooFarInFutureException;
import dev.genaimon.schemas.avro.DeadLetter;
import dev.genaimon.schemas.serde.AvroDecodingException;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Builds the dead-letter records Kafka Streams writes (inside its transaction, KIP-1034) when a record cannot be
 * deserialized or processed: a {@link DeadLetter} value with the reason, stage and provenance, plus the provenance as
 * headers ({@code genaimon.dlq.topic}, {@code .partition}, {@code .offset}, {@code .exception}) for tools that only
 * read headers. Dead letters are always single-object encoded, so they can be written when the registry is down.
 */
public final class DeadLetters {

    /** Largest original payload kept. */
    public static final int MAX_PAYLOAD = 64 * 1024;

    private static final Serializer<DeadLetter> SERIALIZER =
            AvroSerdes.singleObject().valueSerde(DeadLetter.class).serializer();

    private DeadLetters() {
    }

    /**
     * @param stage     which component gave up, e.g. {@code enrich}
     * @param key       the original key bytes (kept as the DLQ key)
     * @param payload   the original value bytes, or null when not available
     * @param textual   true when the payload is text that may hold personal data and must not be kept as is
     */
    public static ProducerRecord<byte[], byte[]> record(String stage, String sourceTopic, int partition, long offset,
                                                       byte[] key, byte[] payload, boolean textual, Exception error) {
        String reason = reasonOf(error);
        byte[] kept = payload == null ? null : payload.length > MAX_PAYLOAD ? Arrays.copyOf(payload, MAX_PAYLOAD) : payload;
        DeadLetter letter = DeadLetter.newBuilder()
                .setDeadLetterId(UUID.randomUUID().toString())
                .setStage(stage)
                .setReason(reason)
                .setMessage(String.valueOf(error.getMessage())
                        + (payload != null && payload.length > MAX_PAYLOAD ? " (payload truncated to " + MAX_PAYLOAD
                        + " bytes)" : ""))
                .setExceptionClass(error.getClass().getName())
                .setSourceTopic(sourceTopic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setPayload(textual || kept == null ? null : ByteBuffer.wrap(kept))
                .setPayloadRedacted(textual)
                .setAt(Instant.now())
                .build();
        Headers headers = new RecordHeaders()
                .add("genaimon.dlq.topic", utf8(sourceTopic))
                .add("genaimon.dlq.partition", utf8(Integer.toString(partition)))
                .add("genaimon.dlq.offset", utf8(Long.toString(offset)))
                .add("genaimon.dlq.reason", utf8(reason))
                .add("genaimon.dlq.exception", utf8(error.getClass().getName()));
        return new ProducerRecord<>(Topics.DLQ, null, key, SERIALIZER.serialize(Topics.DLQ, letter), headers);
    }

    /** The reason code: the decoding reason for Avro problems, {@code EVENT_TIME_TOO_FAR_IN_FUTURE}, else the exception's simple name. */
    static String reasonOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof AvroDecodingException decoding) {
                return decoding.reason().name();
            }
            if (t instanceof EventTimeTooFarInFutureException) {
                return EventTimeTooFarInFutureException.REASON;
            }
        }
        return "PROCESSING_FAILED:" + error.getClass().getSimpleName();
    }

    private static byte[] utf8(String s) {
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    }
}
