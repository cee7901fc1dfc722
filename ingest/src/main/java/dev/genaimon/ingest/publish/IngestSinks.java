package dev.genaimon.ingest.publish;

import dev.genaimon.schemas.avro.Feedback;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.topics.TopicSpec;

/**
 * Where the ingest API writes: one publisher (one producer, one DLQ) and the topic of each kind of record.
 *
 * @param publisher    writes any Avro value, with dead letters
 * @param interactions {@code genaimon.interactions.raw.v1} ({@code Topics.interactionsRaw()})
 * @param feedback     {@code genaimon.feedback.v1} ({@code Topics.feedback()}); null serves no {@code /v1/feedback}
 */
public record IngestSinks(AvroPublisher publisher, TopicSpec<String, Interaction> interactions,
                          TopicSpec<String, Feedback> feedback) {

    public IngestSinks {
        if (publisher == null || interactions == null) {
            throw new IllegalArgumentException("the publisher and the interactions topic are required");
        }
    }
}
