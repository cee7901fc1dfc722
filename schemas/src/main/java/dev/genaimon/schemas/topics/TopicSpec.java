package dev.genaimon.schemas.topics;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with its types: name, key and value serdes, and how it is created (partitions, topic configs).
 *
 * @param name       topic name, e.g. {@code genaimon.interactions.v1}
 * @param key        key serde
 * @param value      value serde
 * @param partitions partitions when genaimon creates the topic
 * @param config     topic configs when genaimon creates it (cleanup.policy, retention.ms, ...)
 * @param <K>        key type
 * @param <V>        value type
 */
public record TopicSpec<K, V>(String name, Serde<K> key, Serde<V> value, int partitions, Map<String, String> config) {

    public TopicSpec {
        config = Map.copyOf(config);
    }
}
