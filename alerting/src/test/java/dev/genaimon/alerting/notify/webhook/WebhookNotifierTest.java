package dev.genaimon.alerting.notify.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genaimon.alerting.notify.Delivery;
import dev.genaimon.alerting.notify.LocalReceiver;
import dev.genaimon.alerting.notify.Notification;
import dev.genaimon.alerting.notify.NotifierContext;
import dev.genaimon.alerting.route.ReceiverConfig;
import dev.genaimon.schemas.avro.AlertEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookNotifierTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private final LocalReceiver receiver = new LocalReceiver();

    WebhookNotifierTest() throws Exception {
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    private dev.genaimon.alerting.notify.Notifier notifier(String secret, Duration timeout) {
        NotifierContext context = NotifierContext.create(timeout, "http://genaimon.test", Clock.systemUTC());
        Map<String, Object> settings = secret == null ? Map.of("url", receiver.url("/hook"))
                : Map.of("url", receiver.url("/hook"), "hmac_secret", secret);
        return new WebhookProvider().create(new ReceiverConfig("ops", "webhook", settings, true), context);
    }

    private static Notification notification() {
        AlertEvent alert = AlertEvent.newBuilder().setFingerprint("fp1").setRule("error_rate").setStatus("firing")
                .setSeverity("critical").setLabels(Map.of("tenant", "acme"))
                .setAnnotations(Map.of("summary", "errors at 12%")).setStartsAt(T0).setValue(0.12)
                .setTransitionAt(T0).build();
        return new Notification("ops", "0:{alertname=\"error_rate\"}", "idem-1", 1, Map.of("alertname", "error_rate"),
                List.of(alert), T0, "http://genaimon.test");
    }

    @Test
    void shouldPostAlertmanagerWebhookPayloadWithSignatureAndIdempotencyKey() {
        Delivery result = notifier("s3cret", Duration.ofSeconds(5)).deliver(notification());
        assertThat(result).isInstanceOf(Delivery.Delivered.class);
        LocalReceiver.Received request = receiver.requests.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/hook");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("X-Genaimon-Idempotency-Key")).isEqualTo("idem-1");
        assertThat(request.header("Idempotency-Key")).isEqualTo("idem-1");
        assertThat(request.header("X-Genaimon-Signature"))
                .isEqualTo("sha256=" + WebhookNotifier.hmac("s3cret".getBytes(StandardCharsets.UTF_8), request.body()));
        JsonNode body = request.json();
        assertThat(body.get("version").asText()).isEqualTo("4");
        assertThat(body.get("status").asText()).isEqualTo("firing");
        assertThat(body.get("receiver").asText()).isEqualTo("ops");
        assertThat(body.get("groupKey").asText()).isEqualTo("0:{alertname=\"error_rate\"}");
        assertThat(body.get("groupLabels").get("alertname").asText()).isEqualTo("error_rate");
        assertThat(body.get("commonLabels").get("tenant").asText()).isEqualTo("acme");
        assertThat(body.get("externalURL").asText()).isEqualTo("http://genaimon.test");
        JsonNode alert = body.get("alerts").get(0);
        assertThat(alert.get("status").asText()).isEqualTo("firing");
        assertThat(alert.get("labels").get("alertname").asText()).isEqualTo("error_rate");
        assertThat(alert.get("labels").get("severity").asText()).isEqualTo("critical");
        assertThat(alert.get("annotations").get("summary").asText()).isEqualTo("errors at 12%");
        assertThat(alert.get("startsAt").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(alert.get("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(alert.get("generatorURL").asText()).isEqualTo("http://genaimon.test/alerts/fp1");
        assertThat(alert.get("fingerprint").asText()).isEqualTo("fp1");
        assertThat(body.get("idempotencyKey").asText()).isEqualTo("idem-1");
    }

    @Test
    void shouldComputeTheStandardHmacSha256() {
        // the well-known test vector: HMAC-SHA256(key="key", "The quick brown fox jumps over the lazy dog")
        assertThat(WebhookNotifier.hmac("key".getBytes(StandardCharsets.UTF_8),
                "The quick brown fox jumps over the lazy dog"))
                .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    }

    @Test
    void shouldOmitSignatureWithoutSecret() {
        notifier(null, Duration.ofSeconds(5)).deliver(notification());
        assertThat(receiver.requests.get(0).header("X-Genaimon-Signature")).isNull();
    }

    @Test
    void shouldRetryOn5xxAnd429HonouringRetryAfterAndFailOtherwise() {
        var n = notifier(null, Duration.ofSeconds(5));
        receiver.answer = r -> new LocalReceiver.Answer(503, Map.of(), "down");
        assertThat(n.deliver(notification())).isInstanceOfSatisfying(Delivery.Retry.class,
                r -> assertThat(r.reason()).isEqualTo("HTTP 503: down"));
        receiver.answer = r -> new LocalReceiver.Answer(429, Map.of("Retry-After", "7"), "");
        assertThat(n.deliver(notification())).isInstanceOfSatisfying(Delivery.Retry.class,
                r -> assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
        receiver.answer = r -> new LocalReceiver.Answer(400, Map.of(), "bad payload");
        assertThat(n.deliver(notification())).isInstanceOfSatisfying(Delivery.Failed.class,
                f -> assertThat(f.reason()).isEqualTo("HTTP 400: bad payload"));
    }

    @Test
    void shouldRetryOnTimeoutAndConnectionRefused() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        receiver.answer = r -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return LocalReceiver.Answer.ok();
        };
        Delivery slow = notifier(null, Duration.ofMillis(300)).deliver(notification());
        release.countDown();
        assertThat(slow).isInstanceOfSatisfying(Delivery.Retry.class,
                r -> assertThat(r.reason()).startsWith("timeout after 300 ms"));

        String url = receiver.url("/hook");
        receiver.close();
        NotifierContext context = NotifierContext.create(Duration.ofSeconds(2), "", Clock.systemUTC());
        Delivery refused = new WebhookProvider().create(new ReceiverConfig("ops", "webhook", Map.of("url", url),
                true), context).deliver(notification());
        assertThat(refused).isInstanceOfSatisfying(Delivery.Retry.class,
                r -> assertThat(r.reason()).startsWith("connection failed"));
    }

    @Test
    void shouldRejectAMissingOrRelativeUrl() {
        NotifierContext context = NotifierContext.create(Duration.ofSeconds(1), "", Clock.systemUTC());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new WebhookProvider().create(
                new ReceiverConfig("ops", "webhook", Map.of(), true), context))
                .hasMessage("webhook receiver 'ops' needs 'url'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new WebhookProvider().create(
                new ReceiverConfig("ops", "webhook", Map.of("url", "/relative"), true), context))
                .hasMessageContaining("invalid url");
    }
}
