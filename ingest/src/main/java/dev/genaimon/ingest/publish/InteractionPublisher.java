package dev.genaimon.ingest.publish;

import dev.genaimon.schemas.avro.DeadLetter;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.topics.TopicSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An {@link AvroPublisher} bound to the raw interactions topic. Kept so existing wiring compiles unchanged; new code
 * builds an {@link AvroPublisher} and {@link IngestSinks}, which also carry the feedback topic.
 */
public final class InteractionPublisher implements AutoCloseable {

    private final AvroPublisher publisher;
    private final TopicSpec<String, Interaction> rawTopic;

    public InteractionPublisher(org.apache.kafka.clients.producer.Producer<byte[], byte[]> producer,
                                TopicSpec<String, Interaction> rawTopic, TopicSpec<String, DeadLetter> dlqTopic,
                                Duration ackTimeout, Clock clock) {
        this.publisher = new AvroPublisher(producer, dlqTopic, ackTimeout, clock);
        this.rawTopic = rawTopic;
    }

    /** @see AvroPublisher#producerConfig(String, Duration) */
    public static Map<String, Object> producerConfig(String bootstrapServers, Duration maxBlock) {
        return AvroPublisher.producerConfig(bootstrapServers, maxBlock);
    }

    /** Writes interactions to the raw topic; {@code originalJson} in the same order, for dead letters. */
    public List<PublishOutcome> publish(List<Interaction> records, List<byte[]> originalJson, String stage)
            throws KafkaUnavailableException {
        List<Outgoing<Interaction>> outgoing = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            outgoing.add(Outgoing.of(records.get(i), originalJson.get(i)));
        }
        return publisher.publish(rawTopic, outgoing, stage);
    }

    /** The sinks for a server without a feedback topic. */
    public IngestSinks sinks() {
        return new IngestSinks(publisher, rawTopic, null);
    }

    @Override
    public void close() {
        publisher.close();
    }
}
