package dev.genaimon.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.app.config.GenaimonConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/security.md's promise: kafka.properties reaches every Kafka client genaimon creates (producer, consumer, admin
 * and each client inside Kafka Streams), and secrets referenced through Kafka's DirectoryConfigProvider (a mounted
 * Kubernetes or Key Vault secret) resolve in all of them.
 */
class KafkaSecurityPropertiesTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"genaimon\" password=\"s3cret\";";

    @Test
    void shouldGiveEveryClientTheSecurityPropertiesWithSecretsFromMountedFiles(@TempDir Path dir) throws Exception {
        Path secrets = Files.createDirectory(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("kafka-jaas"), JAAS);
        Path config = dir.resolve("genaimon.yaml");
        Files.writeString(config, """
                kafka:
                  bootstrap-servers: broker-1:9093
                  properties:
                    security.protocol: SASL_SSL
                    sasl.mechanism: SCRAM-SHA-512
                    ssl.endpoint.identification.algorithm: https
                    config.providers: dir
                    config.providers.dir.class: org.apache.kafka.common.config.provider.DirectoryConfigProvider
                    sasl.jaas.config: ${dir:%s:kafka-jaas}
                data-dir: %s
                """.formatted(secrets, dir.resolve("data")));
        GenaimonConfig genaimon = GenaimonConfig.load(config, Map.of(), new Properties(), Map.of());
        KafkaConnection kafka = new KafkaConnection("broker-1:9093", genaimon);

        Map<String, Object> plain = kafka.clientProperties(Map.of());
        ProducerConfig producer = new ProducerConfig(withSerializers(plain));
        ConsumerConfig consumer = new ConsumerConfig(withDeserializers(plain));
        AdminClientConfig admin = new AdminClientConfig(plain);
        assertThat(producer.getPassword(SaslConfigs.SASL_JAAS_CONFIG).value()).isEqualTo(JAAS);
        assertThat(consumer.getPassword(SaslConfigs.SASL_JAAS_CONFIG).value()).isEqualTo(JAAS);
        assertThat(admin.getPassword(SaslConfigs.SASL_JAAS_CONFIG).value()).isEqualTo(JAAS);
        assertThat(producer.getString("security.protocol")).isEqualTo("SASL_SSL");

        Properties streamsProps = StreamsApp.properties("enrich", genaimon, kafka);
        StreamsConfig streams = new StreamsConfig(streamsProps);
        for (Map<String, Object> client : new Map[] {streams.getMainConsumerConfigs("g", "c", 0),
                streams.getRestoreConsumerConfigs("c"), streams.getProducerConfigs("c"), streams.getAdminConfigs("c")}) {
            assertThat(client).containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
            assertThat(String.valueOf(client.get(SaslConfigs.SASL_JAAS_CONFIG))).contains("s3cret");
        }
    }

    private static Map<String, Object> withSerializers(Map<String, Object> props) {
        Map<String, Object> all = new HashMap<>(props);
        all.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        all.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        return all;
    }

    private static Map<String, Object> withDeserializers(Map<String, Object> props) {
        Map<String, Object> all = new HashMap<>(props);
        all.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        all.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        return all;
    }
}
