package dev.genaimon.app.wiring;

import dev.genaimon.app.config.ConfigException;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import dev.genaimon.schemas.registry.HttpSchemaRegistryClient;
import dev.genaimon.schemas.registry.SchemaRegistryClient;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.serde.SchemaHistory;
import dev.genaimon.schemas.serde.WireFormat;
import dev.genaimon.schemas.topics.TopicSettings;
import dev.genaimon.schemas.topics.Topics;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How every genaimon client reaches Kafka: bootstrap servers (configured, or the embedded broker's address as written
 * in the data directory), the extra client properties (security), the serdes and the topic catalog.
 */
public final class KafkaConnection {

    /** Written by {@code genaimon run}/{@code broker} so {@code tail} and {@code topics} find the embedded broker. */
    public static final String ADDRESS_FILE = "bootstrap.servers";

    private final String bootstrapServers;
    private final Map<String, String> extraProperties;
    private final AvroSerdes serdes;
    private final Topics topics;

    public KafkaConnection(String bootstrapServers, GenaimonConfig config) {
        this.bootstrapServers = bootstrapServers;
        this.extraProperties = config.kafkaProperties();
        this.serdes = serdes(config);
        TopicSettings settings = new TopicSettings(config.get(ConfigKeys.TOPIC_PARTITIONS),
                config.get(ConfigKeys.TOPIC_REPLICATION).shortValue(), config.get(ConfigKeys.RAW_RETENTION),
                config.get(ConfigKeys.RETENTION), config.get(ConfigKeys.DLQ_RETENTION));
        Map<String, String> renames = config.get(ConfigKeys.TOPIC_RENAME);
        Set<String> catalog = new Topics(settings, serdes).all().stream().map(t -> t.name())
                .collect(Collectors.toSet());
        List<String> unknown = renames.keySet().stream().filter(name -> !catalog.contains(name)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new ConfigException(List.of(ConfigKeys.TOPIC_RENAME.name() + ": not in the topic catalog: "
                    + String.join(", ", unknown)));
        }
        this.topics = new Topics(settings, serdes, name -> renames.getOrDefault(name, name));
    }

    /** For commands that attach to a running genaimon: the configured cluster, else the embedded broker's address. */
    public static KafkaConnection attach(GenaimonConfig config, String bootstrapOverride) {
        if (bootstrapOverride != null && !bootstrapOverride.isBlank()) {
            return new KafkaConnection(bootstrapOverride, config);
        }
        if (!config.embeddedBroker()) {
            return new KafkaConnection(config.get(ConfigKeys.BOOTSTRAP_SERVERS), config);
        }
        Path addressFile = Path.of(config.get(ConfigKeys.DATA_DIR)).resolve(ADDRESS_FILE);
        try {
            if (Files.isRegularFile(addressFile)) {
                return new KafkaConnection(Files.readString(addressFile, StandardCharsets.UTF_8).strip(), config);
            }
        } catch (IOException e) {
            // fall back to the default port below
        }
        return new KafkaConnection("127.0.0.1:" + config.get(ConfigKeys.BROKER_PORT), config);
    }

    static AvroSerdes serdes(GenaimonConfig config) {
        String url = config.get(ConfigKeys.REGISTRY_URL);
        SchemaRegistryClient registry = url.isBlank() ? null : new HttpSchemaRegistryClient(URI.create(url),
                Duration.ofSeconds(10), blankToNull(config.get(ConfigKeys.REGISTRY_USERNAME)),
                blankToNull(config.get(ConfigKeys.REGISTRY_PASSWORD)));
        return new AvroSerdes(WireFormat.parse(config.get(ConfigKeys.SERDE_FORMAT)), registry, SchemaHistory.bundled());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public AvroSerdes serdes() {
        return serdes;
    }

    public Topics topics() {
        return topics;
    }

    /** Client properties: bootstrap servers, security properties, then the given ones. */
    public Map<String, Object> clientProperties(Map<String, Object> specific) {
        Map<String, Object> props = new HashMap<>(extraProperties);
        props.put("bootstrap.servers", bootstrapServers);
        props.putAll(specific);
        return props;
    }
}
