package dev.genaimon.processors.drift;

import dev.genaimon.evaluators.drift.BenjaminiHochberg;
import dev.genaimon.evaluators.drift.CategoricalStatistics;
import dev.genaimon.evaluators.drift.ConsecutiveDriftTracker;
import dev.genaimon.evaluators.drift.DriftStatistics;
import dev.genaimon.evaluators.drift.DriftThresholds;
import dev.genaimon.evaluators.drift.DriftVerdict;
import dev.genaimon.evaluators.drift.FeatureProfile;
import dev.genaimon.evaluators.drift.FeatureStatistics;
import dev.genaimon.evaluators.drift.NumericStatistics;
import dev.genaimon.schemas.avro.DriftReport;
import dev.genaimon.schemas.avro.Evidence;
import dev.genaimon.schemas.avro.FeatureDrift;
import dev.genaimon.schemas.avro.Segment;
import dev.genaimon.schemas.avro.Signal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares one closed segment-window with its reference, feature by feature, and decides what it means: sketch
 * statistics, Benjamini–Hochberg over the p-values the verdicts use, verdicts with the per-feature thresholds, and the
 * consecutive-windows rule. Pure: the trackers come in and go out as values, so the caller owns the state.
 */
final class WindowComparison {

    /**
     * What the window is compared with.
     *
     * @param kind         {@code evaluation}, {@code production} or {@code trailing}
     * @param baselineId   the baseline, null for trailing windows
     * @param profiles     feature profiles of the reference
     * @param interactions rows the reference was built from (a feature's nulls are this minus its count)
     * @param description  for the report's method, e.g. "baseline b-1" or "trailing 6 windows"
     */
    record Reference(String kind, String baselineId, Map<String, FeatureProfile> profiles, long interactions,
                     String description) {
        Reference {
            profiles = Map.copyOf(profiles);
        }
    }

    /** The report, the signals, and the trackers to store (one per feature compared). */
    record Outcome(DriftReport report, List<Signal> signals, Map<String, ConsecutiveDriftTracker> trackers) {
    }

    /** One feature before the verdict. */
    private record Tested(String name, String type, FeatureStatistics statistics, long referenceCount,
                          long currentCount, long referenceNulls, long currentNulls, String problem) {
    }

    private WindowComparison() {
    }

    /**
     * @param windowSequence the window's number (start / advance), for the consecutive-windows rule
     * @param trackers       the current trackers per feature; missing ones start empty
     */
    static Outcome compare(Segment segment, Instant start, Instant end, long windowSequence,
                           Map<String, FeatureProfile> current, long currentInteractions, Reference reference,
                           Map<String, ConsecutiveDriftTracker> trackers, DriftTopologySettings settings, Instant now) {
        TreeSet<String> names = new TreeSet<>(current.keySet());
        names.addAll(reference.profiles().keySet());
        List<Tested> tested = new ArrayList<>();
        for (String name : names) {
            tested.add(test(name, reference.profiles().get(name), current.get(name), reference.interactions(),
                    currentInteractions));
        }

        // The family is the p-values a verdict would act on; statistics not used as tests do not dilute it.
        List<BenjaminiHochberg.Test> family = new ArrayList<>();
        for (Tested t : tested) {
            family.add(new BenjaminiHochberg.Test(t.name(),
                    decisivePValue(t, settings.thresholds().forFeature(t.name()), settings.requireSignificance())));
        }
        List<BenjaminiHochberg.Outcome> adjusted = BenjaminiHochberg.apply(family, settings.falseDiscoveryRate());

        String prefix = Baselines.signalPrefix(reference.kind());
        String reportId = segment.getId() + "@" + start;
        List<FeatureDrift> features = new ArrayList<>();
        List<Signal> signals = new ArrayList<>();
        Map<String, ConsecutiveDriftTracker> nextTrackers = new LinkedHashMap<>();
        for (int i = 0; i < tested.size(); i++) {
            Tested t = tested.get(i);
            DriftThresholds thresholds = settings.thresholds().forFeature(t.name());
            double adjustedP = adjusted.get(i).adjustedPValue();
            DriftVerdict verdict = verdict(t, adjustedP, thresholds, settings.requireSignificance());
            ConsecutiveDriftTracker tracker = trackers.getOrDefault(t.name(),
                    ConsecutiveDriftTracker.start(settings.consecutiveWindows()))
                    .observe(windowSequence, verdict.driftDetected());
            nextTrackers.put(t.name(), tracker);

            Map<String, Double> statistics = new LinkedHashMap<>();
            if (t.statistics() != null) {
                statistics.putAll(t.statistics().asMap());
            }
            if (!Double.isNaN(adjustedP)) {
                statistics.put(t.statistics() instanceof NumericStatistics ? "ks_pvalue_adjusted" : "chi2_pvalue_adjusted",
                        adjustedP);
            }
            statistics.put("reference_nulls", (double) t.referenceNulls());
            statistics.put("current_nulls", (double) t.currentNulls());
            features.add(new FeatureDrift(t.name(), t.type(), t.referenceCount(), t.currentCount(), statistics,
                    verdictName(verdict), method(reference, settings, verdict)));

            if (verdict.status() != DriftVerdict.Status.INSUFFICIENT_DATA) {
                Evidence evidence = Evidence.newBuilder()
                        .setReportIds(List.of(reportId))
                        .setBaselineIds(reference.baselineId() == null ? List.of() : List.of(reference.baselineId()))
                        .setFeatures(List.of(t.name()))
                        .setWindowStart(start).setWindowEnd(end)
                        .setNote(String.format(Locale.ROOT, "%s vs %s: %s; drifting %d of %d required windows",
                                verdictName(verdict), reference.description(),
                                verdict.reasons().isEmpty() ? "no rule fired" : String.join("; ", verdict.reasons()),
                                tracker.streak(), tracker.required()))
                        .build();
                Map<String, String> labels = Map.of("feature", t.name(), "reference", reference.kind());
                double psi = t.statistics().asMap().get("psi");
                signals.add(signal(segment, prefix + "." + t.name() + ".psi", psi, t.currentCount(), labels, evidence,
                        start, end, now));
                signals.add(signal(segment, prefix + "." + t.name() + ".detected", tracker.isSignal() ? 1.0 : 0.0,
                        t.currentCount(), labels, evidence, start, end, now));
            }
        }
        DriftReport report = DriftReport.newBuilder()
                .setReportId(reportId)
                .setSegment(segment)
                .setWindowStart(start).setWindowEnd(end)
                .setBaselineId(reference.baselineId())
                .setBaselineKind(reference.kind())
                .setFeatures(features)
                .setCreatedAt(now)
                .build();
        return new Outcome(report, signals, nextTrackers);
    }

    private static Tested test(String name, FeatureProfile reference, FeatureProfile current, long referenceRows,
                               long currentRows) {
        FeatureProfile kindSource = current != null ? current : reference;
        String type = kindSource.kind() == FeatureProfile.Kind.NUMERIC ? "numeric" : "categorical";
        long rc = reference == null ? 0 : reference.count();
        long cc = current == null ? 0 : current.count();
        long rn = Math.max(0, referenceRows - rc);
        long cn = Math.max(0, currentRows - cc);
        if (reference == null || current == null) {
            return new Tested(name, type, null, rc, cc, rn, cn,
                    "feature absent from the " + (reference == null ? "reference" : "current window"));
        }
        if (reference.kind() != current.kind()) {
            return new Tested(name, type, null, rc, cc, rn, cn, "feature is " + reference.kind().name().toLowerCase(
                    Locale.ROOT) + " in the reference and " + type + " now");
        }
        FeatureStatistics statistics = current.kind() == FeatureProfile.Kind.NUMERIC
                ? DriftStatistics.sketchNumeric(reference, current)
                : DriftStatistics.sketchCategorical(reference, current);
        return new Tested(name, type, statistics, rc, cc, rn, cn, null);
    }

    /**
     * The p-value the verdict acts on, NaN when none: chi-squared always; KS when significance is required, else
     * (the evaluators' rule) only for small references.
     */
    private static double decisivePValue(Tested t, DriftThresholds thresholds, boolean requireSignificance) {
        if (t.statistics() == null || t.referenceCount() < thresholds.minSampleSize()
                || t.currentCount() < thresholds.minSampleSize()) {
            return Double.NaN;
        }
        if (t.statistics() instanceof NumericStatistics n) {
            return requireSignificance || t.referenceCount() < thresholds.smallReference() ? n.ksPValue() : Double.NaN;
        }
        return ((CategoricalStatistics) t.statistics()).chi2PValue();
    }

    private static DriftVerdict verdict(Tested t, double adjustedP, DriftThresholds thresholds,
                                        boolean requireSignificance) {
        if (t.statistics() == null) {
            return new DriftVerdict(DriftVerdict.Status.INSUFFICIENT_DATA, DriftVerdict.PsiLevel.OK, List.of(t.problem()));
        }
        FeatureStatistics s = t.statistics();
        if (!Double.isNaN(adjustedP)) {
            // the verdict's p-value rule is applied to the BH-adjusted p-value (adjusted <= q is BH rejection)
            s = s instanceof NumericStatistics n
                    ? new NumericStatistics(n.ksStatistic(), adjustedP, n.wasserstein(), n.wassersteinNorm(), n.psi(),
                            n.jsDistance(), n.hellinger(), n.histogram())
                    : adjustCategorical((CategoricalStatistics) s, adjustedP);
        }
        DriftVerdict verdict = DriftVerdict.of(s, t.referenceCount(), t.currentCount(), thresholds);
        double level = s instanceof NumericStatistics ? thresholds.ksPValue() : thresholds.chi2PValue();
        if (requireSignificance && verdict.driftDetected() && !(adjustedP < level)) {
            List<String> reasons = new ArrayList<>(verdict.reasons());
            reasons.add(String.format(Locale.ROOT, "not significant: %s adjusted %.3g >= %s, treated as noise",
                    s instanceof NumericStatistics ? "ks_pvalue" : "chi2_pvalue", adjustedP, level));
            return new DriftVerdict(DriftVerdict.Status.NO_DRIFT, verdict.psiLevel(), reasons);
        }
        return verdict;
    }

    private static CategoricalStatistics adjustCategorical(CategoricalStatistics c, double adjustedP) {
        return new CategoricalStatistics(c.chi2Statistic(), adjustedP, c.jsDistance(), c.psi(), c.histogram());
    }

    static String verdictName(DriftVerdict verdict) {
        return switch (verdict.status()) {
            case DRIFT -> "drift";
            case INSUFFICIENT_DATA -> "insufficient_data";
            case NO_DRIFT -> verdict.psiLevel() == DriftVerdict.PsiLevel.WARN ? "warn" : "no_drift";
        };
    }

    private static String method(Reference reference, DriftTopologySettings settings, DriftVerdict verdict) {
        String how = String.format(Locale.ROOT, "sketch (KLL k=%d, frequent items %d) vs %s, p-values BH-adjusted at q=%s",
                settings.numericSketchK(), settings.categoricalMapSize(), reference.description(),
                settings.falseDiscoveryRate());
        return verdict.reasons().isEmpty() ? how : how + ": " + String.join("; ", verdict.reasons());
    }

    static Signal signal(Segment segment, String name, double value, long samples, Map<String, String> labels,
                                 Evidence evidence, Instant start, Instant end, Instant now) {
        return Signal.newBuilder()
                .setSegment(segment)
                .setName(name)
                .setWindowStart(start).setWindowEnd(end)
                .setValue(value)
                .setSampleCount(samples)
                .setLabels(new HashMap<>(labels))
                .setEvidence(evidence)
                .setEmittedAt(now)
                .build();
    }
}
