package dev.genaimon.ingest.publish;

import dev.genaimon.ingest.edge.EdgeTransform;
import dev.genaimon.schemas.avro.Feedback;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.topics.TopicSpec;

/**
 * Where the ingest API writes: one publisher (one producer, one DLQ) and the topic of each kind of record.
 *
 * @param publisher    writes any Avro value, with dead letters
 * @param interactions {@code genaimon.interactions.raw.v1} ({@code Topics.interactionsRaw()})
 * @param feedback     {@code genaimon.feedback.v1} ({@code Topics.feedback()}); null serves no {@code /v1/feedback}
 * @param edge         applied to every valid interaction before it is written (edge redaction, metadata-only)
 */
public record IngestSinks(AvroPublisher publisher, TopicSpec<String, Interaction> interactions,
                          TopicSpec<String, Feedback> feedback, EdgeTransform edge) {

    public IngestSinks {
        if (publisher == null || interactions == null) {
            throw new IllegalArgumentException("the publisher and the interactions topic are required");
        }
        if (edge == null) {
            edge = EdgeTransform.NONE;
        }
    }

    /** Without edge transforms. */
    public IngestSinks(AvroPublisher publisher, TopicSpec<String, Interaction> interactions,
                       TopicSpec<String, Feedback> feedback) {
        this(publisher, interactions, feedback, EdgeTransform.NONE);
    }
}
