package dev.genaimon.ingest.publish;

import java.util.function.Supplier;

import dev.genaimon.schemas.avro.Feedback;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.json.AvroJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One record to publish, with what the publisher needs besides the value.
 *
 * @param id           the id reported back to the caller (interactionId, feedbackId)
 * @param key          the Kafka key
 * @param value        the Avro value
 * @param eventTime    the Kafka record timestamp (when it happened, not when it arrived)
 * @param tenant       the tenant, for a dead letter
 * @param originalJson    the JSON the record came from, for a dead letter; computed only when one is written
 * @param payloadRedacted true when {@code originalJson} gives the redacted record rather than what was received
 * @param <V>             value type
 */
public record Outgoing<V>(String id, String key, V value, Instant eventTime, String tenant,
                          Supplier<byte[]> originalJson, boolean payloadRedacted) {

    /**
     * An interaction, keyed and identified by its interactionId. When ingest redacted it at the edge, a dead letter
     * carries the redacted record, never the received JSON: the cluster must not see that tenant's raw text.
     */
    public static Outgoing<Interaction> of(Interaction interaction, Supplier<byte[]> originalJson) {
        boolean edge = interaction.getRedaction() != null && interaction.getRedaction().getAtEdge();
        Supplier<byte[]> payload = edge
                ? () -> AvroJson.toJson(interaction).toString().getBytes(StandardCharsets.UTF_8) : originalJson;
        return new Outgoing<>(interaction.getInteractionId(), interaction.getInteractionId(), interaction,
                interaction.getTimestamp(), interaction.getTenant(), payload, edge);
    }

    /**
     * Feedback, keyed by the interaction it is about (so it meets that interaction in the join), identified by its
     * feedbackId.
     */
    public static Outgoing<Feedback> of(Feedback feedback, Supplier<byte[]> originalJson) {
        return new Outgoing<>(feedback.getFeedbackId(), feedback.getInteractionId(), feedback,
                feedback.getTimestamp(), feedback.getTenant(), originalJson, false);
    }
}
