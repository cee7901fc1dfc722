package dev.genaimon.schemas.topics;

import dev.genaimon.schemas.avro.AlertEvent;
import dev.genaimon.schemas.avro.BaselineProfile;
import dev.genaimon.schemas.avro.DeadLetter;
import dev.genaimon.schemas.avro.DeploymentEvent;
import dev.genaimon.schemas.avro.DriftReport;
import dev.genaimon.schemas.avro.EvaluationRequest;
import dev.genaimon.schemas.avro.EvaluationResult;
import dev.genaimon.schemas.avro.Feedback;
import dev.genaimon.schemas.avro.GroundTruthExample;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.RetrainingTrigger;
import dev.genaimon.schemas.avro.SafetyFlags;
import dev.genaimon.schemas.avro.Signal;
import dev.genaimon.schemas.avro.Silence;
import dev.genaimon.schemas.avro.SourceWatermark;
import dev.genaimon.schemas.serde.AvroSerdes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topic catalog (see the architecture's topic table): every topic genaimon reads or writes, with its types and
 * creation settings. Built once from configuration and passed to whoever needs a topic.
 */
public final class Topics {

    public static final String INTERACTIONS_RAW = "genaimon.interactions.raw.v1";
    public static final String INTERACTIONS = "genaimon.interactions.v1";
    public static final String FEEDBACK = "genaimon.feedback.v1";
    public static final String SAFETY_FLAGS = "genaimon.safety-flags.v1";
    public static final String EVAL_REQUESTS = "genaimon.eval-requests.v1";
    public static final String EVAL_SCORES = "genaimon.eval-scores.v1";
    public static final String BASELINES = "genaimon.baselines.v1";
    public static final String DRIFT_REPORTS = "genaimon.drift-reports.v1";
    public static final String SIGNALS = "genaimon.signals.v1";
    public static final String ALERTS = "genaimon.alerts.v1";
    public static final String RETRAINING_TRIGGERS = "genaimon.retraining-triggers.v1";
    public static final String GROUND_TRUTH = "genaimon.ground-truth.v1";
    public static final String DEPLOYMENTS = "genaimon.deployments.v1";
    public static final String DLQ = "genaimon.dlq.v1";
    public static final String SILENCES = "genaimon.silences.v1";
    /** Azure Monitor pull: the source's read position, compacted (docs/ingest.md, "Azure Monitor source"). */
    public static final String AZURE_MONITOR_WATERMARKS = "genaimon.sources.azure-monitor.v1";

    /** Every record type that is the value of a catalog topic; each has a history in {@code SchemaHistory}. */
    public static final List<Class<? extends SpecificRecord>> VALUE_TYPES = List.of(
            Interaction.class, Feedback.class, SafetyFlags.class, EvaluationRequest.class, EvaluationResult.class,
            BaselineProfile.class, DriftReport.class, Signal.class, AlertEvent.class, RetrainingTrigger.class,
            GroundTruthExample.class, DeploymentEvent.class, DeadLetter.class, Silence.class,
            SourceWatermark.class);

    /** Record types kept in state stores (and so in changelog topics); versioned like topic values. */
    public static final List<Class<? extends SpecificRecord>> STORE_TYPES = List.of(
            dev.genaimon.schemas.avro.SafetyWindow.class, dev.genaimon.schemas.avro.FeatureRow.class,
            dev.genaimon.schemas.avro.SegmentWindowProfile.class, dev.genaimon.schemas.avro.DriftStreak.class,
            dev.genaimon.schemas.avro.OpsWindow.class, dev.genaimon.schemas.avro.AlertState.class,
            dev.genaimon.schemas.avro.RetrainCause.class,
            dev.genaimon.schemas.avro.NotifyGroup.class, dev.genaimon.schemas.avro.OutboxEntry.class,
            dev.genaimon.schemas.avro.NotificationLogEntry.class, dev.genaimon.schemas.avro.SignalView.class,
            dev.genaimon.schemas.avro.SegmentIndexEntry.class,
            // eval sampler, eval aggregates, feedback join
            dev.genaimon.schemas.avro.DriftedSegment.class, dev.genaimon.schemas.avro.SamplerBudget.class,
            dev.genaimon.schemas.avro.EvalWindow.class, dev.genaimon.schemas.avro.FeedbackWindow.class,
            // embedding drift
            dev.genaimon.schemas.avro.TextSample.class);

    private final TopicSpec<String, Interaction> interactionsRaw;
    private final TopicSpec<String, Interaction> interactions;
    private final TopicSpec<String, Feedback> feedback;
    private final TopicSpec<String, SafetyFlags> safetyFlags;
    private final TopicSpec<String, EvaluationRequest> evalRequests;
    private final TopicSpec<String, EvaluationResult> evalScores;
    private final TopicSpec<String, BaselineProfile> baselines;
    private final TopicSpec<String, DriftReport> driftReports;
    private final TopicSpec<String, Signal> signals;
    private final TopicSpec<String, AlertEvent> alerts;
    private final TopicSpec<String, RetrainingTrigger> retrainingTriggers;
    private final TopicSpec<String, GroundTruthExample> groundTruth;
    private final TopicSpec<String, DeploymentEvent> deployments;
    private final TopicSpec<String, DeadLetter> dlq;
    private final TopicSpec<String, Silence> silences;
    private final TopicSpec<String, SourceWatermark> azureMonitorWatermarks;
    private final List<TopicSpec<?, ?>> all;

    private final UnaryOperator<String> names;

    public Topics(TopicSettings settings, AvroSerdes serdes) {
        this(settings, serdes, UnaryOperator.identity());
    }

    /**
     * @param names the name each catalog topic has in this deployment; identity but for blue/green upgrades, where the
     *              green version of a stage writes to (and its downstream stages read) renamed output topics
     */
    public Topics(TopicSettings settings, AvroSerdes serdes, UnaryOperator<String> names) {
        this.names = names;
        int high = settings.partitions();
        Map<String, String> raw = retention(settings.rawRetention());
        Map<String, String> events = retention(settings.retention());
        Map<String, String> compacted = Map.of("cleanup.policy", "compact");
        Map<String, String> longLived = retention(Duration.ofDays(90));
        interactionsRaw = spec(INTERACTIONS_RAW, serdes, Interaction.class, high, raw);
        interactions = spec(INTERACTIONS, serdes, Interaction.class, high, events);
        feedback = spec(FEEDBACK, serdes, Feedback.class, high, events);
        safetyFlags = spec(SAFETY_FLAGS, serdes, SafetyFlags.class, high, events);
        evalRequests = spec(EVAL_REQUESTS, serdes, EvaluationRequest.class, high, events);
        evalScores = spec(EVAL_SCORES, serdes, EvaluationResult.class, high, longLived);
        baselines = spec(BASELINES, serdes, BaselineProfile.class, 1, compacted);
        driftReports = spec(DRIFT_REPORTS, serdes, DriftReport.class, high, longLived);
        signals = spec(SIGNALS, serdes, Signal.class, high, events);
        alerts = spec(ALERTS, serdes, AlertEvent.class, high, longLived);
        retrainingTriggers = spec(RETRAINING_TRIGGERS, serdes, RetrainingTrigger.class, high, longLived);
        groundTruth = spec(GROUND_TRUTH, serdes, GroundTruthExample.class, high, Map.of("retention.ms", "-1"));
        deployments = spec(DEPLOYMENTS, serdes, DeploymentEvent.class, 1, longLived);
        dlq = spec(DLQ, serdes, DeadLetter.class, high, retention(settings.dlqRetention()));
        silences = spec(SILENCES, serdes, Silence.class, 1, compacted);
        azureMonitorWatermarks = spec(AZURE_MONITOR_WATERMARKS, serdes, SourceWatermark.class, 1, compacted);
        all = List.of(interactionsRaw, interactions, feedback, safetyFlags, evalRequests, evalScores, baselines,
                driftReports, signals, alerts, retrainingTriggers, groundTruth, deployments, dlq, silences,
                azureMonitorWatermarks);
    }

    private <V extends SpecificRecord> TopicSpec<String, V> spec(String name, AvroSerdes serdes, Class<V> type,
                                                                int partitions, Map<String, String> config) {
        Serde<String> keys = Serdes.String();
        return new TopicSpec<>(names.apply(name), keys, serdes.valueSerde(type), partitions, config);
    }

    private static Map<String, String> retention(Duration retention) {
        return Map.of("retention.ms", Long.toString(retention.toMillis()));
    }

    public TopicSpec<String, Interaction> interactionsRaw() {
        return interactionsRaw;
    }

    public TopicSpec<String, Interaction> interactions() {
        return interactions;
    }

    public TopicSpec<String, Feedback> feedback() {
        return feedback;
    }

    public TopicSpec<String, SafetyFlags> safetyFlags() {
        return safetyFlags;
    }

    public TopicSpec<String, EvaluationRequest> evalRequests() {
        return evalRequests;
    }

    public TopicSpec<String, EvaluationResult> evalScores() {
        return evalScores;
    }

    public TopicSpec<String, BaselineProfile> baselines() {
        return baselines;
    }

    public TopicSpec<String, DriftReport> driftReports() {
        return driftReports;
    }

    public TopicSpec<String, Signal> signals() {
        return signals;
    }

    public TopicSpec<String, AlertEvent> alerts() {
        return alerts;
    }

    public TopicSpec<String, RetrainingTrigger> retrainingTriggers() {
        return retrainingTriggers;
    }

    public TopicSpec<String, GroundTruthExample> groundTruth() {
        return groundTruth;
    }

    public TopicSpec<String, DeploymentEvent> deployments() {
        return deployments;
    }

    public TopicSpec<String, DeadLetter> dlq() {
        return dlq;
    }

    /** Compacted, keyed by silence id: the notifier's silences (expired ones stay, with who and when). */
    public TopicSpec<String, Silence> silences() {
        return silences;
    }

    /**
     * Compacted, keyed by source key: how far the Azure Monitor source has read, written in the same transaction as
     * the interactions it pulled.
     */
    public TopicSpec<String, SourceWatermark> azureMonitorWatermarks() {
        return azureMonitorWatermarks;
    }

    /** Every topic of the catalog, in the architecture's order. */
    public List<TopicSpec<?, ?>> all() {
        return all;
    }

    public Optional<TopicSpec<?, ?>> byName(String name) {
        return all.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
