package dev.genaimon.alerting.state;

import dev.genaimon.alerting.rules.Rule;
import dev.genaimon.alerting.rules.RuleKind;
import dev.genaimon.alerting.rules.RuleSet;
import dev.genaimon.schemas.avro.AlertEvent;
import dev.genaimon.schemas.avro.AlertState;
import dev.genaimon.schemas.avro.Signal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Evaluates every current rule on each signal of a segment (all signals of a segment reach this task, so each
 * fingerprint lives in exactly one task) and forwards transitions keyed by fingerprint. A wall-clock punctuation
 * checks absence rules and resolves alerts of rules removed by a reload.
 */
final class AlertProcessor implements Processor<String, byte[], String, AlertEvent> {

    /**
     * Alerts whose signal has not been seen for this long (wall clock) are dropped, so retired segments (an old
     * prompt version) neither stay in the store nor keep an absence alert firing forever.
     */
    static final long EXPIRE_AFTER_MS = java.time.Duration.ofDays(7).toMillis();
    /**
     * A window below a rule's {@code min_samples} changes nothing but when the alert's signal was last seen, which
     * only the 7-day expiry reads: it is written at most this often, not once per small window (at 10,000 segments
     * small windows are most of the traffic, and each write is a store put plus a changelog record).
     */
    static final long LAST_SEEN_REFRESH_MS = java.time.Duration.ofHours(1).toMillis();

    private final Supplier<RuleSet> rules;
    private final RuleIndex index;
    private final java.time.Duration checkInterval;
    private final Deserializer<Signal> deserializer;
    private final String topic;
    private ProcessorContext<String, AlertEvent> context;
    private KeyValueStore<String, AlertState> states;

    AlertProcessor(Supplier<RuleSet> rules, java.time.Duration checkInterval, Deserializer<Signal> deserializer,
                   String topic) {
        this.rules = rules;
        this.index = new RuleIndex(rules);
        this.checkInterval = checkInterval;
        this.deserializer = deserializer;
        this.topic = topic;
    }

    @Override
    public void init(ProcessorContext<String, AlertEvent> context) {
        this.context = context;
        this.states = context.getStateStore(AlertTopology.STATES_STORE);
        context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::check);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Signal signal = record.value() == null ? null : deserializer.deserialize(topic, record.value());
        if (signal == null) {
            return;
        }
        if (!signal.getSegment().getId().equals(record.key())) {
            // the upstream key was not <segment>/<name>: this task may not own the segment's alerts
            throw new IllegalArgumentException("signal " + signal.getName() + " of segment "
                    + signal.getSegment().getId() + " was keyed as segment " + record.key()
                    + " (the key of genaimon.signals.v1 must be <segmentId>/<signalName>)");
        }
        List<Rule> reading = index.reading(signal.getName());
        if (reading.isEmpty()) {
            return; // the rules were reloaded since the record was selected
        }
        long wallNow = context.currentSystemTimeMs();
        Map<String, String> matchable = AlertLabels.matchable(signal);
        for (Rule rule : reading) {
            if (!rule.matches(matchable)) {
                continue;
            }
            Map<String, String> labels = AlertLabels.of(rule, signal);
            String fingerprint = AlertLabels.fingerprint(labels);
            AlertState previous = states.get(fingerprint);
            if (tooSmall(rule, signal)) {
                refreshLastSeen(fingerprint, previous, wallNow);
                continue;
            }
            if (previous == null) {
                previous = AlertMachine.initial(fingerprint, rule, signal, labels);
            }
            AlertMachine.Step step = AlertMachine.onSignal(previous, rule, signal, wallNow);
            states.put(fingerprint, step.state());
            if (step.event() != null) {
                context.forward(new Record<>(fingerprint, step.event(), record.timestamp(), record.headers()));
            }
        }
    }

    /**
     * A window with fewer samples than a threshold or rate-of-change rule's {@code min_samples}: the state machine
     * would neither advance nor break a run on it (see {@link AlertMachine#onSignal}). Burn-rate rules accumulate
     * small windows and absence rules only need to see the signal, so those always go to the state machine.
     */
    private static boolean tooSmall(Rule rule, Signal signal) {
        return (rule.kind() == RuleKind.THRESHOLD || rule.kind() == RuleKind.RATE_OF_CHANGE)
                && signal.getSampleCount() < rule.minSamples();
    }

    /** No state is created for a window too small to evaluate; an existing one learns it was seen, coarsely. */
    private void refreshLastSeen(String fingerprint, AlertState previous, long wallNow) {
        if (previous == null) {
            return;
        }
        Long seen = previous.getLastSeenWallMs();
        if (seen == null || wallNow - seen >= LAST_SEEN_REFRESH_MS) {
            AlertState s = AlertState.newBuilder(previous).build();
            s.setLastSeenWallMs(wallNow);
            states.put(fingerprint, s);
        }
    }

    private void check(long wallNow) {
        RuleSet current = rules.get();
        List<KeyValue<String, AlertState>> updates = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        try (KeyValueIterator<String, AlertState> all = states.all()) {
            while (all.hasNext()) {
                KeyValue<String, AlertState> entry = all.next();
                AlertState state = entry.value;
                Optional<Rule> rule = current.byName(state.getRule());
                Long seen = state.getLastSeenWallMs();
                String drop = rule.isEmpty() ? "rule " + state.getRule() + " was removed"
                        : seen != null && wallNow - seen > EXPIRE_AFTER_MS
                        ? "no " + state.getSignal() + " from " + state.getSegment().getId() + " for 7 days: expired"
                        : null;
                if (drop != null) {
                    if (AlertMachine.FIRING.equals(state.getStatus())) {
                        forward(entry.key, AlertMachine.dropResolve(state, wallNow, drop), wallNow);
                    }
                    removed.add(entry.key);
                } else if (rule.get().kind() == RuleKind.ABSENCE) {
                    AlertMachine.Step step = AlertMachine.onAbsenceCheck(state, rule.get(), wallNow);
                    if (step.event() != null) {
                        updates.add(KeyValue.pair(entry.key, step.state()));
                        forward(entry.key, step.event(), wallNow);
                    }
                }
            }
        }
        updates.forEach(u -> states.put(u.key, u.value));
        removed.forEach(states::delete);
    }

    private void forward(String fingerprint, AlertEvent event, long timestamp) {
        context.forward(new Record<>(fingerprint, event, timestamp));
    }
}
