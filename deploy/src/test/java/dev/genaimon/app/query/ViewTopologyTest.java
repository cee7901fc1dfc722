package dev.genaimon.app.query;

import static dev.genaimon.app.query.ViewFixtures.alert;
import static dev.genaimon.app.query.ViewFixtures.deadLetter;
import static dev.genaimon.app.query.ViewFixtures.signal;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genaimon.processors.dlq.DeadLetterHandler;
import dev.genaimon.schemas.avro.AlertEvent;
import dev.genaimon.schemas.avro.DeadLetter;
import dev.genaimon.schemas.avro.Signal;
import dev.genaimon.schemas.avro.SignalView;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.topics.TopicSettings;
import dev.genaimon.schemas.topics.Topics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ViewTopologyTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final AvroSerdes serdes = AvroSerdes.singleObject();
    private final Topics topics = new Topics(TopicSettings.defaults(), serdes);
    private final List<String> observed = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, Signal> signals;
    private TestInputTopic<String, AlertEvent> alerts;
    private TestInputTopic<String, DeadLetter> dlq;
    private LocalView view;

    @BeforeEach
    void start() {
        StreamsBuilder builder = new StreamsBuilder();
        ViewTopology.build(builder, new ViewSettings(3, 2, 200), topics, serdes, Clock.systemUTC(),
                new ViewObserver() {
                    @Override
                    public void signal(Signal signal) {
                        observed.add("signal:" + signal.getName());
                    }

                    @Override
                    public void deadLetter(DeadLetter deadLetter) {
                        observed.add("dlq:" + deadLetter.getReason());
                    }
                });
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "view-test");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(DeadLetterHandler.STAGE_CONFIG, "view");
        driver = new TopologyTestDriver(builder.build(), props);
        StringSerializer keys = new StringSerializer();
        signals = driver.createInputTopic(topics.signals().name(), keys, topics.signals().value().serializer());
        alerts = driver.createInputTopic(topics.alerts().name(), keys, topics.alerts().value().serializer());
        dlq = driver.createInputTopic(topics.dlq().name(), keys, topics.dlq().value().serializer());
        view = new LocalView(name -> driver.getKeyValueStore(name));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(Signal s) {
        signals.pipeInput(s.getSegment().getId() + "/" + s.getName(), s);
    }

    @Test
    void shouldKeepLatestSignalAndBoundedOrderedSeriesPerSegmentAndSignal() {
        for (int minute = 0; minute < 5; minute++) {
            send(signal("acme/bot", "ops.latency.p95_ms", T0.plusSeconds(60L * minute), 100 + minute));
        }
        send(signal("acme/bot", "ops.latency.p95_ms", T0.plusSeconds(60L * 3), 999)); // window 3 re-emitted
        send(signal("acme/bot", "ops.latency.p95_ms", T0.plusSeconds(60L), 1)); // late, older than the ring
        send(signal("other/bot", "ops.latency.p95_ms", T0, 7));

        SignalView stored = driver.<String, SignalView>getKeyValueStore(ViewStores.SIGNALS)
                .get(ViewStores.signalKey("acme/bot", "ops.latency.p95_ms"));
        assertThat(stored.getLatest().getValue()).isEqualTo(104.0);
        assertThat(stored.getPoints()).extracting(p -> p.getValue())
                .containsExactly(102.0, 999.0, 104.0); // the 3 newest windows; the late, older one falls off
        assertThat(stored.getPoints()).extracting(p -> p.getWindowStart())
                .isSortedAccordingTo(Instant::compareTo);

        JsonNode latest = view.signals("acme/bot", null);
        assertThat(latest.path("signals")).hasSize(1);
        assertThat(latest.path("signals").get(0).path("value").asDouble()).isEqualTo(104.0);
        assertThat(view.signals("other/bot", null).path("signals").get(0).path("value").asDouble()).isEqualTo(7.0);
        assertThat(observed).filteredOn(o -> o.startsWith("signal:")).hasSize(8);
    }

    @Test
    void shouldViewSignalsWhoseKeyIsNotSegmentSlashNameByDecodingThem() {
        Signal odd = signal("acme/bot", "ops.request_count", T0, 42);
        signals.pipeInput("no-slash-key", odd);
        signals.pipeInput((String) null, signal("acme/bot", "cost.usd", T0, 1.5));
        assertThat(view.signals("acme/bot", null).path("signals")).hasSize(2);
    }

    @Test
    void shouldKeepOneSeriesPerLabelSetAndAnswerSeriesByName() {
        send(signal("acme/bot", "safety.pii.rate", Map.of("pii_type", "EMAIL_ADDRESS"), T0, 0.1));
        send(signal("acme/bot", "safety.pii.rate", Map.of("pii_type", "PHONE_NUMBER"), T0, 0.2));
        send(signal("acme/bot", "safety.pii.rate", Map.of("pii_type", "PHONE_NUMBER"), T0.plusSeconds(60), 0.3));

        JsonNode series = view.series("acme/bot", "safety.pii.rate");
        assertThat(series.path("series")).hasSize(2);
        JsonNode phone = view.series("acme/bot", "safety.pii.rate{pii_type=PHONE_NUMBER}").path("series");
        assertThat(phone).hasSize(1);
        assertThat(phone.get(0).path("points")).hasSize(2);
        assertThat(phone.get(0).path("points").get(1).path("value").asDouble()).isEqualTo(0.3);
    }

    @Test
    void shouldIndexSegmentsForSearchAndPagination() {
        for (int i = 0; i < 30; i++) {
            send(signal(String.format("tenant%02d/bot", i), "ops.request_count", T0, i));
        }
        send(signal("tenant05/bot", "cost.usd", T0, 1.5));

        JsonNode all = view.segments("", 10);
        assertThat(all.path("total").asLong()).isEqualTo(30);
        assertThat(all.path("items")).hasSize(10);
        assertThat(all.path("items").get(0).path("segment").path("id").asText()).isEqualTo("tenant00/bot");
        JsonNode found = view.segments("TENANT05", 10);
        assertThat(found.path("total").asLong()).isEqualTo(1);
        assertThat(found.path("items").get(0).path("signalNames"))
                .extracting(JsonNode::asText).containsExactly("cost.usd", "ops.request_count");
        assertThat(view.exists("nobody/bot")).isFalse();
        assertThat(view.signals("nobody/bot", null).path("found").asBoolean(true)).isFalse();
    }

    @Test
    void shouldKeepTheNewestTransitionOfEachAlert() {
        alerts.pipeInput("fp-1", alert("fp-1", "firing", "acme/bot", T0));
        alerts.pipeInput("fp-2", alert("fp-2", "firing", "acme/bot", T0));
        alerts.pipeInput("fp-2", alert("fp-2", "resolved", "acme/bot", T0.plusSeconds(120)));
        alerts.pipeInput("fp-2", alert("fp-2", "firing", "acme/bot", T0.plusSeconds(60))); // late, older

        assertThat(view.alerts("firing")).extracting(a -> a.path("fingerprint").asText()).containsExactly("fp-1");
        assertThat(view.alerts("resolved")).extracting(a -> a.path("fingerprint").asText()).containsExactly("fp-2");
        assertThat(view.alertCounts()).containsEntry("firing", 1L).containsEntry("resolved", 1L);
        assertThat(view.alerts("firing").get(0).path("evidence").path("interactionIds")).hasSize(2);
    }

    @Test
    void shouldCountDeadLettersAndKeepOnlyTheNewestWithoutPayload() {
        dlq.pipeInput("k1", deadLetter("d1", "ingest-http", "ENCODING_FAILED", T0));
        dlq.pipeInput("k2", deadLetter("d2", "enrich", "DESERIALIZATION_FAILED", T0.plusSeconds(1)));
        dlq.pipeInput("k3", deadLetter("d3", "enrich", "DESERIALIZATION_FAILED", T0.plusSeconds(2)));

        JsonNode letters = view.deadLetters();
        assertThat(letters.path("counts")).hasSize(2);
        assertThat(letters.path("counts").findValuesAsText("count")).containsExactlyInAnyOrder("1", "2");
        assertThat(letters.path("recent")).extracting(r -> r.path("deadLetterId").asText())
                .containsExactly("d3", "d2");
        assertThat(letters.path("recent").get(0).has("payload")).isFalse();
        assertThat(observed).filteredOn(o -> o.startsWith("dlq:")).hasSize(3);
    }
}
