package dev.genaimon.ingest.publish;

/**
 * What happened to one record handed to the publisher.
 *
 * @param id         the record's id ({@link Outgoing#id()}: interactionId, feedbackId)
 * @param written    true when the record is on its topic
 * @param deadLetter the DLQ reason code when it went to {@code genaimon.dlq.v1} instead, else null
 * @param detail     human-readable detail for a dead letter
 */
public record PublishOutcome(String id, boolean written, String deadLetter, String detail) {

    static PublishOutcome written(String id) {
        return new PublishOutcome(id, true, null, null);
    }

    static PublishOutcome deadLettered(String id, String reason, String detail) {
        return new PublishOutcome(id, false, reason, detail);
    }
}
