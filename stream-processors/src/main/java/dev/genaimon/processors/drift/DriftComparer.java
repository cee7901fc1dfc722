package dev.genaimon.processors.drift;

import dev.genaimon.evaluators.drift.ConsecutiveDriftTracker;
import dev.genaimon.evaluators.drift.FeatureProfile;
import dev.genaimon.schemas.avro.BaselineProfile;
import dev.genaimon.schemas.avro.DeploymentEvent;
import dev.genaimon.schemas.avro.DriftStreak;
import dev.genaimon.schemas.avro.SegmentWindowProfile;
import dev.genaimon.schemas.avro.Signal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Receives each segment-window once, when it has closed, and compares it with the segment's reference: the active
 * baseline that matches the segment, or else the merge of its trailing closed windows. Then it remembers the window
 * as a trailing window (keeping the newest N) and the per-feature drift streaks. Everything it reads or writes is in
 * state stores, so a replay after a crash reproduces the same outputs.
 */
final class DriftComparer implements Processor<Windowed<String>, SegmentWindowProfile, String, DriftTopology.WindowResult> {

    /** Separates segment id from the rest of a store key; segment ids never contain NUL. */
    static final String SEPARATOR = "\u0000";

    private static final StringSerializer KEYS = new StringSerializer();

    private final DriftTopologySettings settings;
    private final Clock clock;
    private ProcessorContext<String, DriftTopology.WindowResult> context;
    private KeyValueStore<String, SegmentWindowProfile> trailing;
    private KeyValueStore<String, DriftStreak> streaks;
    private KeyValueStore<String, ValueAndTimestamp<BaselineProfile>> baselines;
    private KeyValueStore<String, ValueAndTimestamp<DeploymentEvent>> deployments;

    DriftComparer(DriftTopologySettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, DriftTopology.WindowResult> context) {
        this.context = context;
        this.trailing = context.getStateStore(DriftTopology.TRAILING_STORE);
        this.streaks = context.getStateStore(DriftTopology.STREAKS_STORE);
        this.baselines = context.getStateStore(DriftTopology.BASELINES_STORE);
        this.deployments = context.getStateStore(DriftTopology.DEPLOYMENTS_STORE);
    }

    @Override
    public void process(Record<Windowed<String>, SegmentWindowProfile> record) {
        SegmentWindowProfile profile = record.value();
        if (profile == null) {
            return;
        }
        String segmentId = record.key().key();
        Instant start = record.key().window().startTime();
        Instant end = record.key().window().endTime();
        long sequence = start.toEpochMilli() / settings.advance().toMillis();

        List<SegmentWindowProfile> previous = trailingWindows(segmentId);
        List<BaselineProfile> stored = storedBaselines();
        Optional<Deployments.Decision> decision = Deployments.decide(deploymentEvent(profile), profile.getSegment(),
                start, end, stored, settings.settling());
        boolean settling = decision.isPresent() && decision.get().settling();
        WindowComparison.Reference reference = reference(segmentId, profile, previous, stored, decision);
        Map<String, FeatureProfile> current = WindowProfiles.decode(profile);

        Map<String, ConsecutiveDriftTracker> trackers = new HashMap<>();
        for (String feature : union(current, reference)) {
            DriftStreak streak = streaks.get(streakKey(segmentId, feature));
            if (streak != null && !settling) {
                trackers.put(feature, new ConsecutiveDriftTracker(settings.consecutiveWindows(), streak.getLastWindow(),
                        streak.getStreak()));
            }
        }
        WindowComparison.Outcome outcome = WindowComparison.compare(profile.getSegment(), start, end, sequence, current,
                profile.getInteractions(), reference, trackers, settings, clock.instant());
        List<Signal> signals = outcome.signals();
        if (settling) {
            // a settling window restarts the streaks and raises no detection: the rollout is meant to change things
            outcome.trackers().keySet().forEach(feature -> streaks.delete(streakKey(segmentId, feature)));
            signals = signals.stream().filter(s -> !s.getName().endsWith(".detected")).toList();
        } else {
            outcome.trackers().forEach((feature, tracker) -> streaks.put(streakKey(segmentId, feature),
                    new DriftStreak(tracker.lastWindow(), tracker.streak())));
        }
        remember(segmentId, profile, start, end, previous.size());

        context.forward(record.withKey(segmentId)
                .withValue(new DriftTopology.WindowResult(outcome.report(), signals)));
    }

    private WindowComparison.Reference reference(String segmentId, SegmentWindowProfile current,
                                                 List<SegmentWindowProfile> previous, List<BaselineProfile> stored,
                                                 Optional<Deployments.Decision> decision) {
        Optional<BaselineProfile> baseline = decision.flatMap(Deployments.Decision::baseline)
                .or(() -> Baselines.select(stored, segmentId));
        String because = decision.map(d -> ", " + d.describe()).orElse("");
        if (baseline.isPresent()) {
            BaselineProfile b = baseline.get();
            Map<String, FeatureProfile> profiles = new HashMap<>();
            long rows = 0;
            for (dev.genaimon.schemas.avro.FeatureProfile f : b.getFeatures()) {
                profiles.put(f.getName(), FeatureProfile.fromBytes(WindowProfiles.bytes(f.getSketch())));
                rows = Math.max(rows, f.getCount() + f.getNullCount());
            }
            String kind = Baselines.EVALUATION.equals(b.getKind()) ? Baselines.EVALUATION : Baselines.PRODUCTION;
            return new WindowComparison.Reference(kind, b.getBaselineId(), profiles, rows,
                    kind + " baseline " + b.getBaselineId() + because);
        }
        SegmentWindowProfile merged = WindowProfiles.merge(current.getSegment(), previous);
        return new WindowComparison.Reference(Baselines.TRAILING, null, WindowProfiles.decode(merged),
                merged.getInteractions(), String.format(Locale.ROOT, "trailing %d of %d windows%s", previous.size(),
                settings.trailingWindows(), because));
    }

    /** The newest event of the segment's deployment, or null. */
    private DeploymentEvent deploymentEvent(SegmentWindowProfile profile) {
        String deployment = Deployments.deploymentOf(profile.getSegment());
        if (deployment == null) {
            return null;
        }
        ValueAndTimestamp<DeploymentEvent> event = deployments.get(deployment);
        return event == null ? null : event.value();
    }

    /** Every stored baseline, active or not ({@link Baselines#select} skips inactive ones itself). */
    private List<BaselineProfile> storedBaselines() {
        List<BaselineProfile> all = new ArrayList<>();
        try (KeyValueIterator<String, ValueAndTimestamp<BaselineProfile>> it = baselines.all()) {
            while (it.hasNext()) {
                ValueAndTimestamp<BaselineProfile> v = it.next().value;
                if (v != null && v.value() != null) {
                    all.add(v.value());
                }
            }
        }
        return all;
    }

    /** The segment's stored closed windows, oldest first (keys sort by zero-padded window start). */
    private List<SegmentWindowProfile> trailingWindows(String segmentId) {
        List<SegmentWindowProfile> windows = new ArrayList<>();
        try (KeyValueIterator<String, SegmentWindowProfile> it = trailing.prefixScan(segmentId + SEPARATOR, KEYS)) {
            while (it.hasNext()) {
                windows.add(it.next().value);
            }
        }
        return windows;
    }

    private void remember(String segmentId, SegmentWindowProfile profile, Instant start, Instant end, int stored) {
        SegmentWindowProfile closed = SegmentWindowProfile.newBuilder(profile).setWindowStart(start).setWindowEnd(end)
                .build();
        trailing.put(trailingKey(segmentId, start), closed);
        int excess = stored + 1 - settings.trailingWindows();
        if (excess <= 0) {
            return;
        }
        List<String> oldest = new ArrayList<>();
        try (KeyValueIterator<String, SegmentWindowProfile> it = trailing.prefixScan(segmentId + SEPARATOR, KEYS)) {
            while (it.hasNext() && oldest.size() < excess) {
                oldest.add(it.next().key);
            }
        }
        oldest.forEach(trailing::delete);
    }

    private static List<String> union(Map<String, FeatureProfile> current, WindowComparison.Reference reference) {
        java.util.TreeSet<String> names = new java.util.TreeSet<>(current.keySet());
        names.addAll(reference.profiles().keySet());
        return List.copyOf(names);
    }

    static String trailingKey(String segmentId, Instant windowStart) {
        return segmentId + SEPARATOR + String.format(Locale.ROOT, "%019d", windowStart.toEpochMilli());
    }

    static String streakKey(String segmentId, String feature) {
        return segmentId + SEPARATOR + feature;
    }
}
