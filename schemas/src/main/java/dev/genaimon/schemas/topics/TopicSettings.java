package dev.genaimon.schemas.topics;

import java.time.Duration;

/**
 * How genaimon creates its topics.
 *
 * @param partitions        partitions of the high-volume topics (interactions, flags, scores, requests, DLQ)
 * @param replicationFactor replication factor (1 on the embedded broker, 3 in production)
 * @param rawRetention      retention of {@code genaimon.interactions.raw.v1}; short, it holds unredacted text
 * @param retention         retention of the other event topics
 * @param dlqRetention      retention of the dead-letter topic
 */
public record TopicSettings(int partitions, short replicationFactor, Duration rawRetention, Duration retention,
                            Duration dlqRetention) {

    public static TopicSettings defaults() {
        return new TopicSettings(6, (short) 1, Duration.ofHours(24), Duration.ofDays(7), Duration.ofDays(14));
    }

    public TopicSettings {
        if (partitions < 1) {
            throw new IllegalArgumentException("topics.partitions must be >= 1, got " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("topics.replication-factor must be >= 1, got " + replicationFactor);
        }
    }
}
