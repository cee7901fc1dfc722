package dev.genaimon.alerting.state;

import static dev.genaimon.alerting.state.AlertHarness.SEGMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genaimon.alerting.rules.RuleSet;
import dev.genaimon.schemas.avro.Signal;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.topics.TopicSettings;
import dev.genaimon.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SignalSelectTest {

    private static final String RULES = """
            rules:
              - name: Attacks
                signal: safety.injection.rate
                condition: "> 0.05"
              - name: Drift
                signal: drift.*.detected
                condition: "== 1"
              - name: Budget
                kind: burn_rate
                objective: 0.99
                windows:
                  - {short: 5m, long: 1h, factor: 14.4}
            """;

    private final Serde<Signal> serde = new Topics(TopicSettings.defaults(), AvroSerdes.singleObject()).signals().value();
    private final AtomicReference<RuleSet> rules = new AtomicReference<>(AlertHarness.parse(RULES));
    private MockProcessorContext<String, byte[]> context;
    private SignalSelect select;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        select = new SignalSelect(new RuleIndex(rules::get), serde::deserializer, Topics.SIGNALS);
        select.init(context);
    }

    private byte[] bytes(String name) {
        return serde.serializer().serialize(Topics.SIGNALS, AlertHarness.signal(SEGMENT, name, 0, 0.5));
    }

    private List<Record<String, byte[]>> forwarded() {
        return context.forwarded().stream().map(f -> new Record<String, byte[]>(f.record().key(), f.record().value(),
                f.record().timestamp())).toList();
    }

    @Test
    void shouldDropSignalsNoRuleReadsFromTheKeyAloneWithoutDecodingTheValue() {
        byte[] notAvro = "not a signal".getBytes(StandardCharsets.UTF_8);
        select.process(new Record<>(SEGMENT.getId() + "/ops.tokens_in", notAvro, 0L));
        select.process(new Record<>(SEGMENT.getId() + "/ops.latency.p50_ms", notAvro, 0L));
        assertThat(forwarded()).as("unread names are dropped; the undecodable value was never decoded").isEmpty();
    }

    @Test
    void shouldRekeyReadSignalsBySegmentAndPassTheBytesThroughUnchanged() {
        byte[] injection = bytes("safety.injection.rate");
        byte[] drift = bytes("drift.prompt_tokens.detected");
        byte[] requests = bytes("ops.request_count");
        select.process(new Record<>(SEGMENT.getId() + "/safety.injection.rate", injection, 1L));
        select.process(new Record<>(SEGMENT.getId() + "/drift.prompt_tokens.detected", drift, 2L));
        select.process(new Record<>(SEGMENT.getId() + "/ops.request_count", requests, 3L));
        assertThat(forwarded()).extracting(Record::key).containsOnly(SEGMENT.getId()).hasSize(3);
        assertThat(forwarded()).extracting(Record::value).containsExactly(injection, drift, requests);
    }

    @Test
    void shouldFollowAReloadOfTheRules() {
        select.process(new Record<>(SEGMENT.getId() + "/ops.tokens_in", bytes("ops.tokens_in"), 1L));
        assertThat(forwarded()).isEmpty();
        rules.set(AlertHarness.parse("""
                rules:
                  - name: Tokens
                    signal: ops.tokens_*
                    condition: "> 100000"
                """));
        select.process(new Record<>(SEGMENT.getId() + "/ops.tokens_in", bytes("ops.tokens_in"), 2L));
        select.process(new Record<>(SEGMENT.getId() + "/safety.injection.rate", bytes("safety.injection.rate"), 3L));
        assertThat(forwarded()).extracting(Record::timestamp).as("only ops.tokens_in is read now").containsExactly(2L);
    }

    @Test
    void shouldDecodeTheValueWhenTheKeyIsNotSegmentSlashName() {
        select.process(new Record<>(null, bytes("safety.injection.rate"), 1L));
        select.process(new Record<>("no-slash", bytes("ops.tokens_in"), 2L));
        assertThat(forwarded()).extracting(Record::key).containsExactly(SEGMENT.getId());
        assertThatThrownBy(() -> select.process(new Record<>(null, new byte[] {1, 2, 3}, 3L)))
                .as("undecodable and unkeyed: the processing-exception handler dead-letters it")
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldSkipTombstones() {
        select.process(new Record<>(SEGMENT.getId() + "/safety.injection.rate", null, 1L));
        assertThat(forwarded()).isEmpty();
    }
}
