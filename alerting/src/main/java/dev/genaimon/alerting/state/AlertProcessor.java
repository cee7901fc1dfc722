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
final class AlertProcessor implements Processor<String, Signal, String, AlertEvent> {

    /**
     * Alerts whose signal has not been seen for this long (wall clock) are dropped, so retired segments (an old
     * prompt version) neither stay in the store nor keep an absence alert firing forever.
     */
    static final long EXPIRE_AFTER_MS = java.time.Duration.ofDays(7).toMillis();

    private final Supplier<RuleSet> rules;
    private final java.time.Duration checkInterval;
    private ProcessorContext<String, AlertEvent> context;
    private KeyValueStore<String, AlertState> states;

    AlertProcessor(Supplier<RuleSet> rules, java.time.Duration checkInterval) {
        this.rules = rules;
        this.checkInterval = checkInterval;
    }

    @Override
    public void init(ProcessorContext<String, AlertEvent> context) {
        this.context = context;
        this.states = context.getStateStore(AlertTopology.STATES_STORE);
        context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::check);
    }

    @Override
    public void process(Record<String, Signal> record) {
        Signal signal = record.value();
        if (signal == null) {
            return;
        }
        long wallNow = context.currentSystemTimeMs();
        Map<String, String> matchable = AlertLabels.matchable(signal);
        for (Rule rule : rules.get().rules()) {
            if (!rule.readsSignal(signal.getName()) || !rule.matches(matchable)) {
                continue;
            }
            Map<String, String> labels = AlertLabels.of(rule, signal);
            String fingerprint = AlertLabels.fingerprint(labels);
            AlertState previous = states.get(fingerprint);
            if (previous == null) {
                previous = AlertMachine.initial(fingerprint, rule, signal, labels);
            }
            AlertMachine.Step step = AlertMachine.onSignal(previous, rule, signal, wallNow);
            states.put(fingerprint, step.state());
            if (step.event() != null) {
                context.forward(record.withKey(fingerprint).withValue(step.event()));
            }
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
