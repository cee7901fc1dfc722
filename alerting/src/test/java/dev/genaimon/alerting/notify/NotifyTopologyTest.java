package dev.genaimon.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.alerting.route.RoutingConfig;
import dev.genaimon.alerting.route.RoutingConfigParser;
import dev.genaimon.schemas.avro.AlertEvent;
import dev.genaimon.schemas.avro.DeadLetter;
import dev.genaimon.schemas.avro.LabelMatcher;
import dev.genaimon.schemas.avro.Silence;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.topics.TopicSettings;
import dev.genaimon.schemas.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifyTopologyTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String ROUTING = """
            route:
              receiver: team
              group_by: [alertname, tenant]
              group_wait: 30s
              group_interval: 5m
              repeat_interval: 4h
              routes:
                - matchers: ['severity="critical"']
                  receiver: pager
            receivers:
              - name: team
                webhook_configs: [{url: 'http://127.0.0.1:9/team'}]
              - name: pager
                webhook_configs: [{url: 'http://127.0.0.1:9/pager'}]
            inhibit_rules:
              - source_matchers: ['severity="critical"']
                target_matchers: ['severity="warning"']
                equal: [tenant]
            """;

    private final Topics topics = new Topics(TopicSettings.defaults(), AvroSerdes.singleObject());
    private final RecordingNotifier team = new RecordingNotifier();
    private Notifier pager = new RecordingNotifier();
    private RetryPolicy retry = RetryPolicy.defaults();
    private TopologyTestDriver driver;
    private TestInputTopic<String, AlertEvent> alerts;
    private TestInputTopic<String, Silence> silences;
    private TestOutputTopic<String, DeadLetter> dlq;

    @TempDir
    Path stateDir;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private RecordingNotifier pager() {
        return (RecordingNotifier) pager;
    }

    private void start() {
        RoutingConfig routing = RoutingConfigParser.parse("routing.yaml", ROUTING, name -> null,
                Set.of("webhook"), r -> { });
        NotifySettings settings = NotifySettings.of(routing, Map.of("team", team, "pager", pager))
                .withRetry(retry).withJitter(() -> 0.5);
        StreamsBuilder builder = new StreamsBuilder();
        NotifyTopology.build(builder, settings, topics, AvroSerdes.singleObject());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "notify-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(builder.build(), props, T0);
        alerts = driver.createInputTopic(topics.alerts().name(), Serdes.String().serializer(),
                topics.alerts().value().serializer());
        silences = driver.createInputTopic(topics.silences().name(), Serdes.String().serializer(),
                topics.silences().value().serializer());
        dlq = driver.createOutputTopic(topics.dlq().name(), Serdes.String().deserializer(),
                topics.dlq().value().deserializer());
    }

    private void send(AlertEvent alert) {
        alerts.pipeInput(alert.getFingerprint(), alert, alert.getTransitionAt());
    }

    /** Advances wall-clock time in steps of one punctuation each: 10 s, or 1 min for spans over an hour. */
    private void advance(Duration duration) {
        long step = duration.compareTo(Duration.ofHours(1)) > 0 ? 60 : 10;
        for (long s = 0; s < duration.toSeconds(); s += step) {
            driver.advanceWallClockTime(Duration.ofSeconds(Math.min(step, duration.toSeconds() - s)));
        }
    }

    @Test
    void shouldSendOneFiringNotificationPerGroupWithinGroupWait() {
        start();
        send(Alerts.firing("error_rate", "warning", Map.of("tenant", "acme", "app", "bot"), T0));
        send(Alerts.firing("error_rate", "warning", Map.of("tenant", "acme", "app", "search"), T0));
        send(Alerts.firing("error_rate", "warning", Map.of("tenant", "globex", "app", "bot"), T0));
        advance(Duration.ofSeconds(20));
        assertThat(team.delivered).as("nothing before group_wait").isEmpty();
        advance(Duration.ofSeconds(20));
        assertThat(team.delivered).hasSize(2);
        Notification acme = team.delivered.stream().filter(n -> n.groupLabels().get("tenant").equals("acme"))
                .findFirst().orElseThrow();
        assertThat(acme.alerts()).hasSize(2);
        assertThat(acme.status()).isEqualTo("firing");
        assertThat(acme.groupLabels()).isEqualTo(Map.of("alertname", "error_rate", "tenant", "acme"));
        assertThat(acme.idempotencyKey()).hasSize(64);
        advance(Duration.ofMinutes(30));
        assertThat(team.delivered).as("no new information: no new notification").hasSize(2);
        assertThat(pager().attempts).isEmpty();
    }

    @Test
    void shouldRepeatOnlyAfterRepeatInterval() {
        start();
        send(Alerts.firing("latency", "warning", Map.of("tenant", "acme"), T0));
        advance(Duration.ofMinutes(1));
        assertThat(team.delivered).hasSize(1);
        advance(Duration.ofHours(3).plusMinutes(55));
        assertThat(team.delivered).as("4 h after the first notification has not passed yet").hasSize(1);
        advance(Duration.ofMinutes(10));
        assertThat(team.delivered).hasSize(2);
        assertThat(team.delivered.get(1).sequence()).isEqualTo(2);
        assertThat(team.delivered.get(1).idempotencyKey()).isNotEqualTo(team.delivered.get(0).idempotencyKey());
    }

    @Test
    void shouldSendOneResolvedNotification() {
        start();
        AlertEvent alert = Alerts.firing("latency", "warning", Map.of("tenant", "acme"), T0);
        send(alert);
        advance(Duration.ofMinutes(1));
        send(Alerts.resolved(alert, T0.plus(Duration.ofMinutes(2))));
        advance(Duration.ofMinutes(30));
        assertThat(team.statuses()).containsExactly("firing", "resolved");
        Notification resolved = team.delivered.get(1);
        assertThat(resolved.alerts()).singleElement().satisfies(a -> {
            assertThat(a.getStatus()).isEqualTo("resolved");
            assertThat(a.getEndsAt()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
        });
        advance(Duration.ofHours(5));
        assertThat(team.delivered).as("nothing after the resolve, not even at repeat_interval").hasSize(2);
    }

    @Test
    void shouldNotNotifySilencedAlerts() {
        start();
        Silence silence = Silence.newBuilder().setId("s1")
                .setMatchers(List.of(new LabelMatcher("tenant", "=", "acme"), new LabelMatcher("alertname", "=~",
                        "lat.*")))
                .setStartsAt(T0.minusSeconds(1)).setEndsAt(T0.plus(Duration.ofHours(1))).setCreatedBy("ops@acme")
                .setComment("maintenance").setCreatedAt(T0).build();
        silences.pipeInput("s1", silence, T0);
        send(Alerts.firing("latency", "warning", Map.of("tenant", "acme"), T0));
        send(Alerts.firing("latency", "warning", Map.of("tenant", "globex"), T0));
        advance(Duration.ofMinutes(30));
        assertThat(team.delivered).singleElement()
                .satisfies(n -> assertThat(n.groupLabels()).containsEntry("tenant", "globex"));
        advance(Duration.ofMinutes(31));
        assertThat(team.delivered).as("the silence ended and acme still fires").hasSize(2);
        assertThat(team.delivered.get(1).groupLabels()).containsEntry("tenant", "acme");
    }

    @Test
    void shouldNotSendWarningsInhibitedByAFiringCritical() {
        start();
        send(Alerts.firing("error_rate", "critical", Map.of("tenant", "acme"), T0));
        send(Alerts.firing("latency", "warning", Map.of("tenant", "acme"), T0));
        send(Alerts.firing("latency", "warning", Map.of("tenant", "globex"), T0));
        advance(Duration.ofMinutes(30));
        assertThat(pager().delivered).singleElement()
                .satisfies(n -> assertThat(n.groupLabels()).containsEntry("alertname", "error_rate"));
        assertThat(team.delivered).as("acme's warning is inhibited, globex's is not").singleElement()
                .satisfies(n -> assertThat(n.groupLabels()).containsEntry("tenant", "globex"));
    }

    @Test
    void shouldNotPageRepeatedlyForAFlappingAlert() {
        start();
        AlertEvent alert = Alerts.firing("error_rate", "critical", Map.of("tenant", "acme"), T0);
        send(alert);
        advance(Duration.ofSeconds(40));
        assertThat(pager().delivered).hasSize(1);
        for (int i = 1; i <= 6; i++) {
            Instant at = T0.plusSeconds(40L * i);
            send(i % 2 == 1 ? Alerts.resolved(alert, at) : Alerts.firing("error_rate", "critical",
                    Map.of("tenant", "acme"), at));
            advance(Duration.ofSeconds(20));
        }
        advance(Duration.ofHours(1));
        assertThat(pager().delivered).as("it flapped 6 times inside one group_interval and fires: one page").hasSize(1);
    }

    @Test
    void shouldDeliverEveryNotificationExactlyOnceAfterAReceiverOutage() {
        start();
        pager().behaviour = n -> new Delivery.Retry("HTTP 503", null);
        AlertEvent alert = Alerts.firing("error_rate", "critical", Map.of("tenant", "acme"), T0);
        send(alert);
        advance(Duration.ofMinutes(1));
        send(Alerts.resolved(alert, T0.plus(Duration.ofMinutes(2))));
        advance(Duration.ofMinutes(9));
        assertThat(pager().delivered).isEmpty();
        assertThat(pager().attempts.size()).as("retried with backoff, not once per second").isBetween(3, 30);
        pager().behaviour = n -> Delivery.delivered();
        advance(Duration.ofMinutes(10));
        assertThat(pager().statuses()).containsExactly("firing", "resolved");
        assertThat(pager().delivered.stream().map(Notification::idempotencyKey).distinct()).hasSize(2);
        Set<String> keys = Set.copyOf(pager().attempts.stream().map(Notification::idempotencyKey).toList());
        assertThat(keys).as("every retry carried the same key as the first attempt").hasSize(2);
        advance(Duration.ofHours(1));
        assertThat(pager().delivered).hasSize(2);
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void shouldSendPermanentlyFailingNotificationsToTheDlq() {
        start();
        team.behaviour = n -> new Delivery.Failed("HTTP 404: no such hook");
        send(Alerts.firing("latency", "warning", Map.of("tenant", "acme"), T0));
        advance(Duration.ofMinutes(1));
        assertThat(team.attempts).hasSize(1);
        DeadLetter letter = dlq.readValue();
        assertThat(letter.getStage()).isEqualTo("notifier");
        assertThat(letter.getReason()).isEqualTo("DELIVERY_REJECTED");
        assertThat(letter.getMessage()).contains("receiver 'team'").contains("HTTP 404: no such hook");
        assertThat(letter.getSourceTopic()).isEqualTo(Topics.ALERTS);
        assertThat(new String(letter.getPayload().array(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"alertname\":\"latency\"");
        advance(Duration.ofMinutes(10));
        assertThat(team.attempts).as("not retried").hasSize(1);
    }

    @Test
    void shouldSendNotificationsToTheDlqAfterTheRetryBudget() {
        retry = new RetryPolicy(Duration.ofSeconds(5), Duration.ofSeconds(30), 4, Duration.ofHours(1));
        start();
        team.behaviour = n -> new Delivery.Retry("timeout after 2000 ms", null);
        send(Alerts.firing("latency", "warning", Map.of("tenant", "acme"), T0));
        advance(Duration.ofMinutes(10));
        assertThat(team.attempts).hasSize(4);
        DeadLetter letter = dlq.readValue();
        assertThat(letter.getReason()).isEqualTo("DELIVERY_FAILED");
        assertThat(letter.getMessage()).contains("receiver 'team'").contains("timeout").contains("after 4 attempts");
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void shouldHonourRetryAfter() {
        start();
        team.behaviour = n -> team.attempts.size() == 1 ? new Delivery.Retry("HTTP 429", Duration.ofMinutes(3))
                : Delivery.delivered();
        send(Alerts.firing("latency", "warning", Map.of("tenant", "acme"), T0));
        advance(Duration.ofSeconds(40));
        assertThat(team.attempts).hasSize(1);
        advance(Duration.ofMinutes(2));
        assertThat(team.attempts).as("Retry-After 3 min is longer than the backoff").hasSize(1);
        advance(Duration.ofMinutes(2));
        assertThat(team.delivered).hasSize(1);
    }

    @Test
    void shouldDeadLetterAnAlertWithAnUnknownStatus() {
        start();
        AlertEvent bad = AlertEvent.newBuilder(Alerts.firing("x", "warning", Map.of(), T0)).setStatus("pending")
                .build();
        send(bad);
        send(Alerts.firing("latency", "warning", Map.of("tenant", "acme"), T0));
        advance(Duration.ofMinutes(1));
        DeadLetter letter = dlq.readValue();
        assertThat(letter.getReason()).isEqualTo("INVALID_ALERT");
        assertThat(letter.getMessage()).contains("status 'pending'");
        assertThat(team.delivered).as("the stage went on").singleElement()
                .satisfies(n -> assertThat(n.groupLabels()).containsEntry("alertname", "latency"));
    }

    @Test
    void shouldDeliverEachNotificationOnceToAWebhookThatWasDownForTenMinutes() throws Exception {
        try (LocalReceiver receiver = new LocalReceiver()) {
            java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
            receiver.answer = r -> down.get() ? new LocalReceiver.Answer(503, Map.of(), "maintenance")
                    : new LocalReceiver.Answer(202, Map.of(), "");
            pager = Notifiers.load().create(new dev.genaimon.alerting.route.ReceiverConfig("pager", "webhook",
                    Map.of("url", receiver.url("/hook")), true), NotifierContext.create(Duration.ofSeconds(2), "",
                    java.time.Clock.systemUTC()));
            start();
            AlertEvent alert = Alerts.firing("error_rate", "critical", Map.of("tenant", "acme"), T0);
            send(alert);
            advance(Duration.ofMinutes(3));
            send(Alerts.resolved(alert, T0.plus(Duration.ofMinutes(3))));
            advance(Duration.ofMinutes(7));
            int attemptsWhileDown = receiver.requests.size();
            assertThat(attemptsWhileDown).as("retried with backoff while down").isBetween(3, 40);
            down.set(false);
            advance(Duration.ofMinutes(10));
            List<LocalReceiver.Received> accepted = receiver.requests.subList(attemptsWhileDown,
                    receiver.requests.size());
            assertThat(accepted).extracting(r -> r.json().get("status").asText()).containsExactly("firing", "resolved");
            assertThat(accepted).extracting(r -> r.header("X-Genaimon-Idempotency-Key")).doesNotHaveDuplicates();
            assertThat(receiver.requests).extracting(r -> r.header("X-Genaimon-Idempotency-Key")).as("every attempt"
                    + " carried one of the two keys").containsOnly(accepted.get(0).header("X-Genaimon-Idempotency-Key"),
                    accepted.get(1).header("X-Genaimon-Idempotency-Key"));
            assertThat(dlq.isEmpty()).isTrue();
        }
    }
}
