package dev.genaimon.processors.drift;

import dev.genaimon.evaluators.drift.FeatureProfile;
import dev.genaimon.schemas.avro.BaselineProfile;
import dev.genaimon.schemas.avro.Interaction;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Turns a data set into a {@link BaselineProfile} for {@code genaimon.baselines.v1}: one {@link FeatureProfile} per
 * feature, serialized into the record's {@code sketch} bytes (the profile's own format: counts, moments and the
 * DataSketches sketch). Pure, no Kafka; the CLI {@code genaimon baseline build} is a thin wrapper.
 *
 * <p>Feature rows follow {@code genaimon drift compare}: numbers are numeric features, strings and booleans
 * categorical; a feature that is a string in any row is categorical and its numbers count as their text; a missing or
 * null value counts as a null.
 */
public final class BaselineBuilder {

    /** Baseline of an evaluation data set: comparisons are training-serving skew. */
    public static final String EVALUATION = Baselines.EVALUATION;
    /** Baseline of a production period: comparisons are drift. */
    public static final String PRODUCTION = Baselines.PRODUCTION;

    /**
     * What the baseline is.
     *
     * @param baselineId        key on the baselines topic
     * @param name              human name
     * @param kind              {@link #EVALUATION} or {@link #PRODUCTION}
     * @param segmentPattern    segments it applies to, {@code *} per dimension (e.g. {@code acme/support-bot/*}/*)
     * @param sourceDescription the file or topic range it was built from
     * @param createdAt         creation time
     * @param numericSketchK    KLL k; baselines are few, so they can afford more accuracy than window profiles
     */
    public record Spec(String baselineId, String name, String kind, String segmentPattern, String sourceDescription,
                       Instant createdAt, int numericSketchK) {

        /** KLL k of baselines: 1,024 keeps a numeric feature under ~25 KB at millions of rows. */
        public static final int DEFAULT_NUMERIC_K = 1024;

        public Spec {
            Objects.requireNonNull(baselineId, "baselineId");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(segmentPattern, "segmentPattern");
            Objects.requireNonNull(createdAt, "createdAt");
            if (!EVALUATION.equals(kind) && !PRODUCTION.equals(kind)) {
                throw new IllegalArgumentException("baseline kind must be evaluation or production, got " + kind);
            }
            if (numericSketchK < 8 || numericSketchK > 65535) {
                throw new IllegalArgumentException("numericSketchK must be in [8, 65535], got " + numericSketchK);
            }
            sourceDescription = sourceDescription == null ? "" : sourceDescription;
        }
    }

    private BaselineBuilder() {
    }

    /**
     * A baseline of the {@code features} of enriched interactions (others are skipped); its time range is that of
     * the interactions profiled.
     */
    public static BaselineProfile fromInteractions(Spec spec, List<Interaction> interactions) {
        List<Map<String, ?>> rows = new ArrayList<>();
        Instant first = null;
        Instant last = null;
        for (Interaction interaction : interactions) {
            if (interaction.getFeatures() == null) {
                continue;
            }
            Map<String, Object> row = new HashMap<>(interaction.getFeatures().getNumeric());
            row.putAll(interaction.getFeatures().getCategorical());
            rows.add(row);
            Instant t = interaction.getTimestamp();
            first = first == null || t.isBefore(first) ? t : first;
            last = last == null || t.isAfter(last) ? t : last;
        }
        BaselineProfile baseline = fromRows(spec, rows);
        baseline.setRangeStart(first);
        baseline.setRangeEnd(last);
        return baseline;
    }

    /** A baseline of feature rows ({@code {"feature_name": value, ...}}). */
    public static BaselineProfile fromRows(Spec spec, List<? extends Map<String, ?>> rows) {
        Map<String, Boolean> numeric = new TreeMap<>();
        for (Map<String, ?> row : rows) {
            row.forEach((name, value) -> numeric.merge(name, value == null || value instanceof Number, Boolean::logicalAnd));
        }
        Map<String, FeatureProfile> profiles = new LinkedHashMap<>();
        numeric.forEach((name, isNumeric) -> profiles.put(name, isNumeric
                ? FeatureProfile.numeric(spec.numericSketchK()) : FeatureProfile.categorical()));
        for (Map<String, ?> row : rows) {
            profiles.forEach((name, profile) -> add(profile, row.get(name)));
        }
        List<dev.genaimon.schemas.avro.FeatureProfile> features = new ArrayList<>();
        profiles.forEach((name, p) -> features.add(new dev.genaimon.schemas.avro.FeatureProfile(name,
                p.kind() == FeatureProfile.Kind.NUMERIC ? "numeric" : "categorical", p.count(), p.nullCount(),
                ByteBuffer.wrap(p.toBytes()))));
        return BaselineProfile.newBuilder()
                .setBaselineId(spec.baselineId())
                .setName(spec.name())
                .setKind(spec.kind())
                .setSegmentPattern(spec.segmentPattern())
                .setSourceDescription(spec.sourceDescription())
                .setCreatedAt(spec.createdAt())
                .setActive(true)
                .setFeatures(features)
                .build();
    }

    private static void add(FeatureProfile profile, Object value) {
        if (value == null) {
            profile.updateNull();
        } else if (profile.kind() == FeatureProfile.Kind.NUMERIC) {
            profile.update(((Number) value).doubleValue());
        } else if (value instanceof Number n) {
            double d = n.doubleValue();
            profile.update(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d));
        } else {
            profile.update(value.toString());
        }
    }
}
