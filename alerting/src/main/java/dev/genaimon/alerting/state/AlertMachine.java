package dev.genaimon.alerting.state;

import dev.genaimon.alerting.rules.BurnWindow;
import dev.genaimon.alerting.rules.DurationText;
import dev.genaimon.alerting.rules.Rule;
import dev.genaimon.alerting.rules.RuleKind;
import dev.genaimon.alerting.rules.Template;
import dev.genaimon.schemas.avro.AlertEvent;
import dev.genaimon.schemas.avro.AlertState;
import dev.genaimon.schemas.avro.BurnSample;
import dev.genaimon.schemas.avro.Evidence;
import dev.genaimon.schemas.avro.Signal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The alert state machine, without Kafka: inactive → pending → firing → resolved (and back to pending). One call per
 * evaluated window (or absence check) gives the next state and, on a transition to firing or resolved, the event.
 */
final class AlertMachine {

    static final String INACTIVE = "inactive";
    static final String PENDING = "pending";
    static final String FIRING = "firing";
    static final String RESOLVED = "resolved";
    /** Evidence lists are bounded: a few examples are evidence, thousands are a data dump. */
    static final int MAX_EVIDENCE = 10;
    /** Burn-rate samples kept per alert at most (a day of one-minute windows). */
    static final int MAX_BURN_SAMPLES = 1440;

    /** The next state and the event to publish, or null. */
    record Step(AlertState state, AlertEvent event) {
    }

    private AlertMachine() {
    }

    static AlertState initial(String fingerprint, Rule rule, Signal signal, Map<String, String> labels) {
        return AlertState.newBuilder().setFingerprint(fingerprint).setRule(rule.name())
                .setSignal(labels.get(AlertLabels.SIGNAL)).setStatus(INACTIVE).setLabels(labels)
                .setSegment(signal.getSegment()).build();
    }

    /** A signal for a threshold, rate-of-change or burn-rate rule. */
    static Step onSignal(AlertState previous, Rule rule, Signal signal, long wallNow) {
        AlertState s = AlertState.newBuilder(previous).build();
        s.setLastSeenWallMs(wallNow);
        if (rule.kind() == RuleKind.ABSENCE) {
            return onSeen(s, rule, signal, wallNow);
        }
        if (rule.kind() == RuleKind.BURN_RATE) {
            return onBurnSignal(s, rule, signal);
        }
        long start = signal.getWindowStart().toEpochMilli();
        if (s.getWindowStart() != null && start <= s.getWindowStart()) {
            return new Step(previous, null); // a replayed or late window: already decided
        }
        if (signal.getSampleCount() < rule.minSamples()) {
            return new Step(s, null); // too little data to decide either way
        }
        double value = signal.getValue();
        if (rule.kind() == RuleKind.RATE_OF_CHANGE) {
            Double before = s.getPreviousValue();
            s.setPreviousValue(value);
            s.setWindowStart(start);
            s.setWindowEnd(signal.getWindowEnd().toEpochMilli());
            if (before == null) {
                return new Step(s, null);
            }
            value = rule.changeMode().apply(before, value);
            if (Double.isNaN(value)) {
                return new Step(s, null);
            }
        }
        boolean holds = rule.condition().test(value);
        return evaluate(s, rule, signal, holds, value, start, signal.getWindowEnd().toEpochMilli());
    }

    private static Step onBurnSignal(AlertState s, Rule rule, Signal signal) {
        List<BurnSample> samples = new ArrayList<>(s.getBurnSamples());
        BurnSample sample = samples.stream().filter(b -> b.getWindowStart() == signal.getWindowStart().toEpochMilli()).findFirst()
                .orElse(null);
        if (sample == null) {
            if (s.getWindowStart() != null && signal.getWindowStart().toEpochMilli() <= s.getWindowStart()) {
                return new Step(s, null);
            }
            sample = new BurnSample(signal.getWindowStart().toEpochMilli(), signal.getWindowEnd().toEpochMilli(), null, null);
            samples.add(sample);
            samples.sort(Comparator.comparingLong(BurnSample::getWindowStart));
        }
        if (signal.getName().equals(Rule.ERROR_RATE)) {
            sample.setErrorRate(signal.getValue());
        } else {
            sample.setRequests(signal.getValue());
        }
        long end = samples.get(samples.size() - 1).getWindowEnd();
        long horizon = end - rule.longestBurnSpan().toMillis();
        samples.removeIf(b -> b.getWindowEnd() <= horizon);
        while (samples.size() > MAX_BURN_SAMPLES) {
            samples.remove(0);
        }
        s.setBurnSamples(samples);
        if (sample.getErrorRate() == null || sample.getRequests() == null
                || (s.getWindowStart() != null && sample.getWindowStart() <= s.getWindowStart())) {
            return new Step(s, null);
        }
        long now = sample.getWindowEnd();
        if (requests(samples, now, rule.longestBurnSpan().toMillis()) < Math.max(1, rule.minSamples())) {
            return new Step(s, null);
        }
        double budget = 1 - rule.objective();
        double burning = Double.NaN;
        double highest = 0;
        for (BurnWindow w : rule.burnWindows()) {
            double shortBurn = errorRatio(samples, now, w.shortSpan().toMillis()) / budget;
            double longBurn = errorRatio(samples, now, w.longSpan().toMillis()) / budget;
            highest = Math.max(highest, longBurn);
            if (shortBurn > w.factor() && longBurn > w.factor()) {
                burning = Double.isNaN(burning) ? longBurn : Math.max(burning, longBurn);
            }
        }
        boolean holds = !Double.isNaN(burning);
        return evaluate(s, rule, signal, holds, holds ? burning : highest, sample.getWindowStart(), now);
    }

    private static double requests(List<BurnSample> samples, long now, long span) {
        return samples.stream().filter(b -> b.getRequests() != null && b.getErrorRate() != null
                && b.getWindowEnd() > now - span && b.getWindowEnd() <= now).mapToDouble(BurnSample::getRequests).sum();
    }

    private static double errorRatio(List<BurnSample> samples, long now, long span) {
        double errors = 0;
        double requests = 0;
        for (BurnSample b : samples) {
            if (b.getRequests() != null && b.getErrorRate() != null && b.getWindowEnd() > now - span
                    && b.getWindowEnd() <= now) {
                errors += b.getErrorRate() * b.getRequests();
                requests += b.getRequests();
            }
        }
        return requests == 0 ? 0 : errors / requests;
    }

    /** The common state machine for one evaluated window. */
    private static Step evaluate(AlertState s, Rule rule, Signal signal, boolean holds, double value, long start,
                                 long end) {
        s.setWindowStart(start);
        s.setWindowEnd(end);
        s.setValue(value);
        String status = s.getStatus();
        boolean firing = FIRING.equals(status);
        if (holds) {
            s.setClearCount(0);
            s.setClearSince(null);
            if (!firing && !PENDING.equals(status)) {
                s.setHoldCount(0);
                s.setHoldSince(start);
                s.setEvidence(null);
            }
            s.setHoldCount(s.getHoldCount() + 1);
            s.setEvidence(merge(s.getEvidence(), signal, s.getHoldSince(), end));
            if (firing) {
                return new Step(s, null);
            }
            if (rule.forSpan().satisfied(s.getHoldCount(), s.getHoldSince(), end)) {
                s.setStatus(FIRING);
                s.setFiringSince(end);
                return new Step(s, event(s, rule, FIRING, end, value));
            }
            s.setStatus(PENDING);
            return new Step(s, null);
        }
        if (!firing) {
            s.setStatus(RESOLVED.equals(status) ? RESOLVED : INACTIVE);
            s.setHoldCount(0);
            s.setHoldSince(null);
            return new Step(s, null);
        }
        if (s.getClearSince() == null) {
            s.setClearSince(start);
        }
        s.setClearCount(s.getClearCount() + 1);
        if (rule.keepFiringFor().isZero()
                || rule.keepFiringFor().satisfied(s.getClearCount(), s.getClearSince(), end)) {
            return resolve(s, rule, end, value);
        }
        return new Step(s, null);
    }

    private static Step resolve(AlertState s, Rule rule, long at, double value) {
        s.setStatus(RESOLVED);
        AlertEvent event = event(s, rule, RESOLVED, at, value);
        s.setHoldCount(0);
        s.setHoldSince(null);
        s.setClearCount(0);
        s.setClearSince(null);
        s.setFiringSince(null);
        return new Step(s, event);
    }

    /** Absence: the signal was seen; resolves a firing absence alert. */
    private static Step onSeen(AlertState s, Rule rule, Signal signal, long wallNow) {
        if (s.getWindowStart() == null || signal.getWindowStart().toEpochMilli() > s.getWindowStart()) {
            s.setWindowStart(signal.getWindowStart().toEpochMilli());
            s.setWindowEnd(signal.getWindowEnd().toEpochMilli());
        }
        if (FIRING.equals(s.getStatus())) {
            s.setValue(0.0);
            return resolve(s, rule, wallNow, 0);
        }
        return new Step(s, null);
    }

    /** Absence: the wall-clock check. Value of the event: seconds since the signal was last seen. */
    static Step onAbsenceCheck(AlertState previous, Rule rule, long wallNow) {
        Long seen = previous.getLastSeenWallMs();
        if (seen == null || FIRING.equals(previous.getStatus())
                || wallNow - seen < rule.forSpan().duration().toMillis()) {
            return new Step(previous, null);
        }
        AlertState s = AlertState.newBuilder(previous).build();
        double silentSeconds = (wallNow - seen) / 1000.0;
        s.setStatus(FIRING);
        s.setHoldSince(seen);
        s.setFiringSince(wallNow);
        s.setValue(silentSeconds);
        Evidence evidence = s.getEvidence() == null ? Evidence.newBuilder().build() : s.getEvidence();
        evidence.setWindowStart(s.getWindowStart() == null ? null : Instant.ofEpochMilli(s.getWindowStart()));
        evidence.setWindowEnd(s.getWindowEnd() == null ? null : Instant.ofEpochMilli(s.getWindowEnd()));
        evidence.setNote("no " + s.getSignal() + " since " + Instant.ofEpochMilli(seen) + " (last window ended "
                + (s.getWindowEnd() == null ? "?" : Instant.ofEpochMilli(s.getWindowEnd())) + ")");
        s.setEvidence(evidence);
        return new Step(s, event(s, rule, FIRING, wallNow, silentSeconds));
    }

    /** The alert is dropped (its rule was removed, or its segment was silent too long): a firing one resolves. */
    static AlertEvent dropResolve(AlertState s, long wallNow, String why) {
        Map<String, String> annotations = Map.of("summary", why);
        return AlertEvent.newBuilder().setFingerprint(s.getFingerprint()).setRule(s.getRule()).setStatus(RESOLVED)
                .setSeverity(s.getLabels().getOrDefault(AlertLabels.SEVERITY, "warning")).setLabels(s.getLabels())
                .setAnnotations(annotations)
                .setStartsAt(Instant.ofEpochMilli(s.getFiringSince() == null ? wallNow : s.getFiringSince()))
                .setEndsAt(Instant.ofEpochMilli(wallNow)).setValue(s.getValue()).setSegment(s.getSegment()).setEvidence(s.getEvidence())
                .setRetrain(false).setTransitionAt(Instant.ofEpochMilli(wallNow)).build();
    }

    private static AlertEvent event(AlertState s, Rule rule, String status, long at, double value) {
        long windowStart = s.getWindowStart() == null ? at : s.getWindowStart();
        long windowEnd = s.getWindowEnd() == null ? at : s.getWindowEnd();
        Template.Context context = new Template.Context(value, s.getSignal(), s.getSegment().getId(), s.getLabels(),
                windowStart, windowEnd, rule.name(), threshold(rule));
        Map<String, String> annotations = new LinkedHashMap<>();
        rule.annotations().forEach((k, t) -> annotations.put(k, t.render(context)));
        long startsAt = s.getFiringSince() == null ? at : s.getFiringSince();
        return AlertEvent.newBuilder().setFingerprint(s.getFingerprint()).setRule(rule.name()).setStatus(status)
                .setSeverity(rule.severity().label()).setLabels(s.getLabels()).setAnnotations(annotations)
                .setStartsAt(Instant.ofEpochMilli(startsAt))
                .setEndsAt(RESOLVED.equals(status) ? Instant.ofEpochMilli(at) : null).setValue(value)
                .setSegment(s.getSegment()).setEvidence(s.getEvidence()).setRetrain(rule.retrain())
                .setTransitionAt(Instant.ofEpochMilli(at)).build();
    }

    static String threshold(Rule rule) {
        return switch (rule.kind()) {
            case BURN_RATE -> "burn rate > " + String.join(" or ", rule.burnWindows().stream()
                    .map(w -> Template.number(w.factor()) + " over " + DurationText.format(w.shortSpan()) + " and "
                            + DurationText.format(w.longSpan())).toList());
            case ABSENCE -> "absent for " + rule.forSpan();
            default -> rule.condition().text();
        };
    }

    /** Adds a signal's evidence and a reference to the signal itself, bounded. */
    static Evidence merge(Evidence into, Signal signal, Long since, long end) {
        Evidence e = into == null ? Evidence.newBuilder().build() : Evidence.newBuilder(into).build();
        Evidence from = signal.getEvidence();
        e.setSignals(add(e.getSignals(), List.of(signal.getSegment().getId() + "/" + signal.getName() + "@"
                + signal.getWindowStart())));
        if (from != null) {
            e.setReportIds(add(e.getReportIds(), from.getReportIds()));
            e.setBaselineIds(add(e.getBaselineIds(), from.getBaselineIds()));
            e.setInteractionIds(add(e.getInteractionIds(), from.getInteractionIds()));
            e.setFeatures(add(e.getFeatures(), from.getFeatures()));
            if (from.getNote() != null) {
                e.setNote(from.getNote());
            }
        }
        e.setWindowStart(since == null ? signal.getWindowStart() : Instant.ofEpochMilli(since));
        e.setWindowEnd(Instant.ofEpochMilli(end));
        return e;
    }

    /** Newest last; keeps the most recent {@link #MAX_EVIDENCE}. */
    private static List<String> add(List<String> existing, List<String> more) {
        LinkedHashSet<String> all = new LinkedHashSet<>(existing);
        all.addAll(more);
        List<String> list = new ArrayList<>(all);
        return list.size() <= MAX_EVIDENCE ? list : List.copyOf(list.subList(list.size() - MAX_EVIDENCE, list.size()));
    }
}
