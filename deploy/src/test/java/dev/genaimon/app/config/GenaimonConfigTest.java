package dev.genaimon.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenaimonConfigTest {

    @TempDir
    Path dir;

    @Test
    void shouldRunEmbeddedInDevModeWithNoConfiguration() {
        GenaimonConfig config = GenaimonConfig.defaults();

        assertThat(config.embeddedBroker()).isTrue();
        assertThat(config.apiKeyHashes()).isEmpty();
        assertThat(config.get(ConfigKeys.INGEST_PORT)).isEqualTo(8080);
        assertThat(config.get(ConfigKeys.RAW_RETENTION)).isEqualTo(Duration.ofHours(24));
        assertThat(config.source(ConfigKeys.INGEST_PORT)).isEqualTo("default");
    }

    @Test
    void shouldLayerDefaultsFileEnvironmentPropertiesAndFlags() throws Exception {
        Path file = write("""
                ingest:
                  port: 9000
                  max-body-bytes: 2048
                  ack-timeout: 3s
                  rate-limit:
                    tenants:
                      acme: {per-second: 50, burst: 1000}
                topics.partitions: 12
                kafka:
                  bootstrap-servers: broker:9092
                  properties:
                    security.protocol: SASL_SSL
                auth:
                  api-keys:
                    - tenant: acme
                      sha256: %s
                """.formatted("a".repeat(64)));
        Properties sysprops = new Properties();
        sysprops.setProperty("genaimon.topics.partitions", "24");

        GenaimonConfig config = GenaimonConfig.load(file, Map.of("GENAIMON_INGEST_PORT", "9100",
                "GENAIMON_TOPICS_PARTITIONS", "18"), sysprops, Map.of("ingest.max-body-bytes", "4096"));

        assertThat(config.get(ConfigKeys.INGEST_PORT)).isEqualTo(9100);
        assertThat(config.source(ConfigKeys.INGEST_PORT)).isEqualTo("environment GENAIMON_INGEST_PORT");
        assertThat(config.get(ConfigKeys.TOPIC_PARTITIONS)).isEqualTo(24);
        assertThat(config.get(ConfigKeys.MAX_BODY_BYTES)).isEqualTo(4096);
        assertThat(config.get(ConfigKeys.ACK_TIMEOUT)).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.embeddedBroker()).isFalse();
        assertThat(config.kafkaProperties()).containsEntry("security.protocol", "SASL_SSL");
        assertThat(config.apiKeyHashes()).containsKey("acme");
        assertThat(config.tenantRateLimits().get("acme")).containsExactly(50.0, 1000.0);
    }

    @Test
    void shouldReportEveryProblemWithKeySourceAndExpectation() throws Exception {
        Path file = write("""
                ingest:
                  prot: 80
                  port: eighty
                serde.format: protobuf
                auth:
                  api-keys:
                    - tenant: acme
                      sha256: my-plain-text-key
                """);

        assertThatThrownBy(() -> GenaimonConfig.load(file, Map.of("GENAIMON_INGEST_ACK_TIMEOUT", "soon"),
                new Properties(), Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        file + ": unknown key 'ingest.prot' (did you mean 'ingest.port'?)",
                        "ingest.port (from " + file + "): expected an integer, got 'eighty'",
                        "ingest.ack-timeout (from environment GENAIMON_INGEST_ACK_TIMEOUT): expected a duration "
                                + "such as 500ms, 30s, 5m, 24h, 7d or PT30S, got 'soon'",
                        "serde.format (from " + file + "): expected one of [single-object, registry], got 'protobuf'",
                        file + ": auth.api-keys[0]: sha256 must be the 64 lowercase hex chars of the key's SHA-256 "
                                + "(genaimon apikey hash KEY prints it); never put the key itself in configuration"));
    }

    @Test
    void shouldRequireARegistryUrlForRegistryMode() {
        assertThatThrownBy(() -> GenaimonConfig.load(null, Map.of("GENAIMON_SERDE_FORMAT", "registry"),
                new Properties(), Map.of()))
                .hasMessageContaining("serde.format: 'registry' needs schema-registry.url");
    }

    @Test
    void shouldReportAMissingOrBrokenFile() throws Exception {
        Path broken = write("ingest: [unclosed");

        assertThatThrownBy(() -> GenaimonConfig.load(dir.resolve("nope.yaml"), Map.of(), new Properties(), Map.of()))
                .hasMessageContaining("nope.yaml: no such file");
        assertThatThrownBy(() -> GenaimonConfig.load(broken, Map.of(), new Properties(), Map.of()))
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void shouldPassTheJudgeSectionToTheEvaluatorsAsPrefixedSettings() throws Exception {
        Path file = write("""
                judge:
                  endpoint: https://my-resource.openai.azure.com
                  deployment: gpt-4o-mini
                  api-key-env: AZURE_OPENAI_API_KEY
                  price:
                    input-per-1k: 0.00015
                """);
        GenaimonConfig config = GenaimonConfig.load(file, Map.of(), new Properties(), Map.of());
        assertThat(config.judgeSettings()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "judge.endpoint", "https://my-resource.openai.azure.com", "judge.deployment", "gpt-4o-mini",
                "judge.api-key-env", "AZURE_OPENAI_API_KEY", "judge.price.input-per-1k", "0.00015"));
        assertThat(GenaimonConfig.defaults().judgeSettings()).isEmpty();
    }

    @Test
    void shouldPassTheContentSafetySectionSeparatelyFromTheJudge() throws Exception {
        Path file = write("""
                judge:
                  endpoint: http://127.0.0.1:8000/v1
                content-safety:
                  endpoint: https://my-cs.cognitiveservices.azure.com
                  api-key-env: CONTENT_SAFETY_KEY
                  requests-per-minute: 120
                  breaker:
                    cool-down: 1m
                """);
        GenaimonConfig config = GenaimonConfig.load(file, Map.of(), new Properties(), Map.of());
        assertThat(config.contentSafetySettings()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "content-safety.endpoint", "https://my-cs.cognitiveservices.azure.com",
                "content-safety.api-key-env", "CONTENT_SAFETY_KEY", "content-safety.requests-per-minute", "120",
                "content-safety.breaker.cool-down", "1m"));
        assertThat(config.judgeSettings()).containsOnlyKeys("judge.endpoint");
        assertThat(GenaimonConfig.defaults().contentSafetySettings()).isEmpty();
    }

    private Path write(String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "genaimon", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
