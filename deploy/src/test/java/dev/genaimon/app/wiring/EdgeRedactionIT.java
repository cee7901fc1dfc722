package dev.genaimon.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.app.broker.SharedKafka;
import dev.genaimon.app.config.ConfigKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Edge redaction and metadata-only capture at ingest, through the real runtime and broker: for an edge tenant the
 * raw topic never holds the e-mail address, phone number or card number of the request; for a metadata-only tenant
 * it holds no text at all, but the lengths, tokens, model and latency.
 */
@ExtendWith(SharedKafka.class)
class EdgeRedactionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMAIL = "maria.lopez@example.com";
    private static final String PHONE = "+1 415 555 0199";
    private static final String CARD = "4111 1111 1111 1111";
    private static final String RAW = "genaimon.interactions.raw.v1";
    private static GenaimonRuntime runtime;

    @BeforeAll
    static void start() throws Exception {
        runtime = ItRuntime.start("edge", Map.of(
                ConfigKeys.INGEST_REDACTION_EDGE_TENANTS.name(), "edge-co",
                ConfigKeys.INGEST_METADATA_ONLY_TENANTS.name(), "quiet-co"));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private static ObjectNode interaction(String id, String tenant) {
        String secret = "Reach me at " + EMAIL + " or " + PHONE + "; my card is " + CARD + ".";
        ObjectNode item = JSON.createObjectNode().put("interactionId", id).put("tenant", tenant).put("app", "bot")
                .put("systemPrompt", "Be brief.").put("response", "Noted: " + secret).put("latencyMs", 1200);
        item.putObject("model").put("provider", "openai").put("model", "gpt-4o");
        item.putArray("messages").addObject().put("role", "user").put("content", secret);
        item.putArray("context").addObject().put("id", "crm-1").put("content", "Customer file: " + secret);
        item.putObject("usage").put("inputTokens", 40).put("outputTokens", 25);
        return item;
    }

    @Test
    void shouldKeepPiiAndTextOfEdgeAndMetadataOnlyTenantsOffTheRawTopic() throws Exception {
        String ndjson = interaction("it-edge-redact", "edge-co") + "\n" + interaction("it-edge-quiet", "quiet-co")
                + "\n" + interaction("it-edge-plain", "plain-co") + "\n";

        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + runtime.httpPort() + "/v1/interactions"))
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(ndjson))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);

        Map<String, JsonNode> raw = ItRuntime.valuesByKey(runtime, RAW, "it-edge-");
        assertThat(raw).containsKeys("it-edge-redact", "it-edge-quiet", "it-edge-plain");

        JsonNode redacted = raw.get("it-edge-redact");
        assertThat(redacted.toString()).doesNotContain(EMAIL).doesNotContain(PHONE).doesNotContain(CARD)
                .doesNotContain("4111");
        assertThat(redacted.get("response").asText()).startsWith("Noted: Reach me at <EMAIL_ADDRESS>");
        assertThat(redacted.get("messages").get(0).get("content").asText()).contains("<CREDIT_CARD>")
                .contains("<PHONE_NUMBER>");
        assertThat(redacted.get("redaction").get("atEdge").asBoolean()).isTrue();
        assertThat(redacted.get("redaction").get("piiRedacted").asInt()).isGreaterThanOrEqualTo(9); // 3 texts x 3

        JsonNode quiet = raw.get("it-edge-quiet");
        assertThat(quiet.toString()).doesNotContain("Reach me").doesNotContain("Be brief")
                .doesNotContain("Customer file");
        assertThat(quiet.get("messages").get(0).get("content").asText()).isEmpty();
        assertThat(quiet.path("response").isMissingNode() || quiet.get("response").isNull()).isTrue();
        assertThat(quiet.get("redaction").get("contentCaptured").asBoolean()).isFalse();
        assertThat(quiet.get("features").get("numeric").get("prompt_chars").asDouble())
                .isEqualTo(interaction("x", "x").get("messages").get(0).get("content").asText().length());
        assertThat(quiet.get("usage").get("inputTokens").asInt()).isEqualTo(40);
        assertThat(quiet.get("latencyMs").asInt()).isEqualTo(1200);
        assertThat(quiet.get("model").get("model").asText()).isEqualTo("gpt-4o");

        // the control: a tenant without edge settings arrives as sent (enrich redacts it later)
        assertThat(raw.get("it-edge-plain").get("response").asText()).contains(EMAIL);

        // enrich keeps the edge's facts and the metadata-only lengths on the canonical topic
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, JsonNode> canonical = ItRuntime.valuesByKey(runtime, "genaimon.interactions.v1", "it-edge-");
            assertThat(canonical).containsKeys("it-edge-redact", "it-edge-quiet");
            assertThat(canonical.get("it-edge-redact").get("redaction").get("atEdge").asBoolean()).isTrue();
            assertThat(canonical.get("it-edge-redact").get("redaction").get("piiRedacted").asInt())
                    .isEqualTo(redacted.get("redaction").get("piiRedacted").asInt());
            JsonNode quietCanonical = canonical.get("it-edge-quiet");
            assertThat(quietCanonical.get("redaction").get("contentCaptured").asBoolean()).isFalse();
            assertThat(quietCanonical.get("features").get("numeric").get("prompt_chars").asDouble())
                    .isEqualTo(quiet.get("features").get("numeric").get("prompt_chars").asDouble());
        });
    }
}
