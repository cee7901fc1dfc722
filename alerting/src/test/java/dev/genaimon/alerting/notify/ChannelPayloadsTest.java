package dev.genaimon.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genaimon.alerting.route.GroupKeys;
import dev.genaimon.schemas.avro.AlertEvent;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Slack, Teams, PagerDuty and Alertmanager notifiers against a local HTTP server checking the documented shapes. */
class ChannelPayloadsTest {

    private final LocalReceiver receiver = new LocalReceiver();

    ChannelPayloadsTest() throws Exception {
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    @Test
    void shouldFindEveryChannelWithServiceLoader() {
        assertThat(Notifiers.load().types())
                .containsExactlyInAnyOrder("webhook", "slack", "msteams", "pagerduty", "alertmanager", "email", "log");
    }

    @Test
    void shouldPostASlackBlockKitMessage() {
        Notifier slack = Notifications.notifier("slack", Map.of("api_url", receiver.url("/services/T0/B0/x"),
                "channel", "#oncall"));
        assertThat(slack.deliver(Notifications.firing(Notifications.critical()))).isEqualTo(Delivery.delivered());
        JsonNode body = receiver.requests.get(0).json();
        assertThat(receiver.requests.get(0).path()).isEqualTo("/services/T0/B0/x");
        assertThat(body.get("text").asText()).startsWith("[FIRING:1] error_rate");
        assertThat(body.get("channel").asText()).isEqualTo("#oncall");
        JsonNode blocks = body.get("blocks");
        assertThat(blocks.get(0).get("type").asText()).isEqualTo("header");
        assertThat(blocks.get(0).get("text").get("type").asText()).isEqualTo("plain_text");
        assertThat(blocks.get(1).get("type").asText()).isEqualTo("section");
        assertThat(blocks.get(1).get("text").get("type").asText()).isEqualTo("mrkdwn");
        assertThat(blocks.get(1).get("text").get("text").asText()).contains("*error_rate*")
                .contains("error_rate is firing").contains("<https://runbooks.test/error_rate|runbook>");
        assertThat(blocks.get(blocks.size() - 1).get("type").asText()).isEqualTo("context");
    }

    @Test
    void shouldPostATeamsAdaptiveCard() {
        Notifier teams = Notifications.notifier("msteams", Map.of("webhook_url", receiver.url("/workflows/run")));
        assertThat(teams.deliver(Notifications.firing(Notifications.critical()))).isEqualTo(Delivery.delivered());
        JsonNode body = receiver.requests.get(0).json();
        assertThat(body.get("type").asText()).isEqualTo("message");
        JsonNode attachment = body.get("attachments").get(0);
        assertThat(attachment.get("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        JsonNode card = attachment.get("content");
        assertThat(card.get("type").asText()).isEqualTo("AdaptiveCard");
        assertThat(card.get("version").asText()).isEqualTo("1.4");
        assertThat(card.get("$schema").asText()).isEqualTo("http://adaptivecards.io/schemas/adaptive-card.json");
        assertThat(card.get("body").get(0).get("type").asText()).isEqualTo("TextBlock");
        assertThat(card.get("body").get(0).get("text").asText()).startsWith("[FIRING:1] error_rate");
        JsonNode facts = card.get("body").get(2).get("facts");
        assertThat(facts.get(0).get("title").asText()).isEqualTo("rule");
        assertThat(card.get("actions").get(0).get("type").asText()).isEqualTo("Action.OpenUrl");
    }

    @Test
    void shouldTriggerAndResolveOnePagerDutyIncidentPerGroup() {
        String key = "0123456789abcdef0123456789abcdef";
        Notifier pd = Notifications.notifier("pagerduty", Map.of("routing_key", key,
                "url", receiver.url("/v2/enqueue")));
        receiver.answer = r -> new LocalReceiver.Answer(202, Map.of(),
                "{\"status\":\"success\",\"message\":\"Event processed\"}");
        AlertEvent alert = Notifications.critical();
        assertThat(pd.deliver(Notifications.firing(alert))).isEqualTo(Delivery.delivered());
        assertThat(pd.deliver(Notifications.resolved(alert))).isEqualTo(Delivery.delivered());
        JsonNode trigger = receiver.requests.get(0).json();
        JsonNode resolve = receiver.requests.get(1).json();
        assertThat(receiver.requests.get(0).path()).isEqualTo("/v2/enqueue");
        assertThat(trigger.get("routing_key").asText()).isEqualTo(key);
        assertThat(trigger.get("event_action").asText()).isEqualTo("trigger");
        String dedup = GroupKeys.sha256("0:{alertname=\"error_rate\"}");
        assertThat(trigger.get("dedup_key").asText()).isEqualTo(dedup);
        JsonNode payload = trigger.get("payload");
        assertThat(payload.get("summary").asText()).startsWith("[FIRING:1] error_rate");
        assertThat(payload.get("source").asText()).isEqualTo("bot");
        assertThat(payload.get("severity").asText()).isEqualTo("critical");
        assertThat(payload.get("timestamp").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(payload.get("custom_details").get("alerts")).hasSize(1);
        assertThat(trigger.get("links").get(0).get("href").asText()).isEqualTo("https://runbooks.test/error_rate");
        assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
        assertThat(resolve.get("dedup_key").asText()).isEqualTo(dedup);
        assertThat(resolve.has("payload")).isFalse();
    }

    @Test
    void shouldRejectAPagerDutyRoutingKeyOfTheWrongLength() {
        assertThatThrownBy(() -> Notifications.notifier("pagerduty", Map.of("routing_key", "short")))
                .hasMessageContaining("routing_key must be the 32-character integration key");
    }

    @Test
    void shouldTreatPagerDutyThrottlingAsRetryAndBadEventsAsPermanent() {
        Notifier pd = Notifications.notifier("pagerduty", Map.of("routing_key", "0123456789abcdef0123456789abcdef",
                "url", receiver.url("/v2/enqueue")));
        receiver.answer = r -> new LocalReceiver.Answer(429, Map.of(), "");
        assertThat(pd.deliver(Notifications.firing(Notifications.critical()))).isInstanceOf(Delivery.Retry.class);
        receiver.answer = r -> new LocalReceiver.Answer(400, Map.of(), "{\"status\":\"invalid event\"}");
        assertThat(pd.deliver(Notifications.firing(Notifications.critical()))).isInstanceOf(Delivery.Failed.class);
    }

    @Test
    void shouldForwardAlertsToAlertmanagerApiV2() {
        Notifier am = Notifications.notifier("alertmanager", Map.of("url", receiver.url("/")));
        AlertEvent alert = Notifications.critical();
        assertThat(am.deliver(Notifications.firing(alert))).isEqualTo(Delivery.delivered());
        assertThat(am.deliver(Notifications.resolved(alert))).isEqualTo(Delivery.delivered());
        assertThat(receiver.requests.get(0).path()).isEqualTo("/api/v2/alerts");
        JsonNode firing = receiver.requests.get(0).json();
        assertThat(firing.isArray()).isTrue();
        JsonNode a = firing.get(0);
        assertThat(a.get("labels").get("alertname").asText()).isEqualTo("error_rate");
        assertThat(a.get("labels").get("tenant").asText()).isEqualTo("acme");
        assertThat(a.get("annotations").get("summary").asText()).isEqualTo("error_rate is firing");
        assertThat(a.get("startsAt").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(a.has("endsAt")).isFalse();
        assertThat(a.get("generatorURL").asText()).isEqualTo("http://genaimon.test/alerts/" + alert.getFingerprint());
        assertThat(receiver.requests.get(1).json().get(0).get("endsAt").asText()).isEqualTo("2026-03-01T10:10:00Z");
    }
}
