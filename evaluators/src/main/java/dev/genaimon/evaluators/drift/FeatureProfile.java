package dev.genaimon.evaluators.drift;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.kll.KllFloatsSketch;
import org.apache.datasketches.memory.Memory;

/**
 * The distribution of one feature over some window or baseline, in bounded memory: a KLL
 * sketch plus exact count, mean and sum of squared deviations for numeric features, a
 * frequent-items sketch for categorical ones, and the number of nulls. Profiles merge across
 * partitions and windows and serialize to bytes for state stores and baseline records.
 *
 * <p>Not thread-safe: updates mutate the profile; {@link #merge} returns a new profile and
 * leaves both inputs untouched.
 *
 * <p>Byte layout (big endian): {@code version:byte, kind:byte, count:long, nullCount:long},
 * numeric: {@code mean:double, m2:double}, then {@code sketchLength:int, sketch bytes}
 * (DataSketches' own serialization). Version 1 holds a KLL doubles sketch, version 2 a KLL
 * floats sketch ({@link #numericFloats}: the same rank error at half the bytes, for window
 * profiles, whose size is bounded; values keep 24 significant bits, a relative 6e-8).
 */
public final class FeatureProfile {

    /** Whether the feature holds numbers or categories. */
    public enum Kind { NUMERIC, CATEGORICAL }

    /**
     * KLL k for numeric features. A KLL sketch is exact until it holds more than k items, and
     * its rank error afterwards is about 1.7/k; KS p-values at a few thousand observations are
     * so steep in the statistic that 0.02 absolute needs rank errors near 1e-4, hence the
     * large k (see the class test and report for measured errors and sizes).
     */
    public static final int DEFAULT_KLL_K = 4096;
    /**
     * Frequent-items map size for categorical features (power of two). Counts are exact while
     * there are at most 0.75 × this many distinct categories.
     */
    public static final int DEFAULT_MAX_MAP_SIZE = 256;

    private static final byte VERSION = 1;
    private static final byte VERSION_FLOATS = 2;
    private static final ArrayOfStringsSerDe STRING_SERDE = new ArrayOfStringsSerDe();

    private final Kind kind;
    private final KllDoublesSketch numeric;
    private final KllFloatsSketch floats;
    private final ItemsSketch<String> categorical;
    private long count;
    private long nullCount;
    private double mean;
    private double m2;

    private FeatureProfile(Kind kind, KllDoublesSketch numeric, ItemsSketch<String> categorical,
                           long count, long nullCount, double mean, double m2) {
        this(kind, numeric, null, categorical, count, nullCount, mean, m2);
    }

    private FeatureProfile(Kind kind, KllDoublesSketch numeric, KllFloatsSketch floats, ItemsSketch<String> categorical,
                           long count, long nullCount, double mean, double m2) {
        this.kind = kind;
        this.numeric = numeric;
        this.floats = floats;
        this.categorical = categorical;
        this.count = count;
        this.nullCount = nullCount;
        this.mean = mean;
        this.m2 = m2;
    }

    /** An empty numeric profile with {@link #DEFAULT_KLL_K}. */
    public static FeatureProfile numeric() {
        return numeric(DEFAULT_KLL_K);
    }

    /** An empty numeric profile with the given KLL k (8..65535). */
    public static FeatureProfile numeric(int k) {
        return new FeatureProfile(Kind.NUMERIC, KllDoublesSketch.newHeapInstance(k), null, 0, 0, 0, 0);
    }

    /**
     * An empty numeric profile whose KLL sketch keeps floats: the same rank error as
     * {@link #numeric(int)} at about half the serialized size. It merges only with other float
     * profiles; the statistics compare it with either kind.
     */
    public static FeatureProfile numericFloats(int k) {
        return new FeatureProfile(Kind.NUMERIC, null, KllFloatsSketch.newHeapInstance(k), null, 0, 0, 0, 0);
    }

    /** An empty categorical profile with {@link #DEFAULT_MAX_MAP_SIZE}. */
    public static FeatureProfile categorical() {
        return categorical(DEFAULT_MAX_MAP_SIZE);
    }

    /** An empty categorical profile; {@code maxMapSize} must be a power of two. */
    public static FeatureProfile categorical(int maxMapSize) {
        return new FeatureProfile(Kind.CATEGORICAL, null, new ItemsSketch<>(maxMapSize), 0, 0, 0, 0);
    }

    public Kind kind() {
        return kind;
    }

    /** Non-null observations. */
    public long count() {
        return count;
    }

    public long nullCount() {
        return nullCount;
    }

    /** Adds a numeric observation; NaN counts as null. */
    public void update(double value) {
        requireKind(Kind.NUMERIC);
        if (Double.isNaN(value)) {
            nullCount++;
            return;
        }
        if (floats != null) {
            floats.update((float) value);
        } else {
            numeric.update(value);
        }
        // Welford: exact moments alongside the sketch give the reference std for
        // wasserstein_norm without sketch error.
        count++;
        double delta = value - mean;
        mean += delta / count;
        m2 += delta * (value - mean);
    }

    /** Adds a categorical observation; null counts as null. */
    public void update(String category) {
        updateCategory(category, 1);
    }

    /** Adds {@code weight} observations of one category at once. */
    public void updateCategory(String category, long weight) {
        requireKind(Kind.CATEGORICAL);
        if (category == null) {
            nullCount += weight;
            return;
        }
        if (weight > 0) {
            categorical.update(category, weight);
            count += weight;
        }
    }

    /** Records a missing value. */
    public void updateNull() {
        nullCount++;
    }

    /** A new profile holding both inputs' observations; the inputs are not modified. */
    public FeatureProfile merge(FeatureProfile other) {
        if (other.kind != kind) {
            throw new IllegalArgumentException("cannot merge " + kind + " with " + other.kind);
        }
        if ((floats == null) != (other.floats == null)) {
            // e.g. window profiles written before and after the switch to floats: merge as floats
            return floats != null ? merge(other.asFloats(floats.getK())) : asFloats(other.floats.getK()).merge(other);
        }
        FeatureProfile merged = copy();
        if (kind == Kind.NUMERIC) {
            if (floats != null) {
                merged.floats.merge(other.floats);
            } else {
                merged.numeric.merge(other.numeric);
            }
            long total = count + other.count;
            if (total > 0) {
                // Chan et al. pairwise combination of mean and M2.
                double delta = other.mean - mean;
                merged.mean = mean + delta * other.count / total;
                merged.m2 = m2 + other.m2 + delta * delta * ((double) count * other.count / total);
            }
        } else {
            merged.categorical.merge(other.categorical);
        }
        merged.count = count + other.count;
        merged.nullCount = nullCount + other.nullCount;
        return merged;
    }

    /** A deep copy. */
    public FeatureProfile copy() {
        return fromBytes(toBytes());
    }

    public byte[] toBytes() {
        byte[] sketch = kind == Kind.CATEGORICAL ? categorical.toByteArray(STRING_SERDE)
                : floats != null ? floats.toByteArray() : numeric.toByteArray();
        int header = 2 + 8 + 8 + (kind == Kind.NUMERIC ? 16 : 0) + 4;
        ByteBuffer buf = ByteBuffer.allocate(header + sketch.length);
        buf.put(floats != null ? VERSION_FLOATS : VERSION).put((byte) kind.ordinal()).putLong(count).putLong(nullCount);
        if (kind == Kind.NUMERIC) {
            buf.putDouble(mean).putDouble(m2);
        }
        buf.putInt(sketch.length).put(sketch);
        return buf.array();
    }

    /** Reads what {@link #toBytes()} wrote; throws IllegalArgumentException on foreign bytes. */
    public static FeatureProfile fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        try {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            byte version = buf.get();
            if (version != VERSION && version != VERSION_FLOATS) {
                throw new IllegalArgumentException("unsupported FeatureProfile version " + version);
            }
            Kind kind = Kind.values()[buf.get()];
            long count = buf.getLong();
            long nullCount = buf.getLong();
            double mean = 0;
            double m2 = 0;
            if (kind == Kind.NUMERIC) {
                mean = buf.getDouble();
                m2 = buf.getDouble();
            }
            byte[] sketch = new byte[buf.getInt()];
            buf.get(sketch);
            Memory memory = Memory.wrap(sketch);
            if (kind == Kind.NUMERIC && version == VERSION_FLOATS) {
                return new FeatureProfile(kind, null, KllFloatsSketch.heapify(memory), null, count, nullCount, mean, m2);
            }
            return kind == Kind.NUMERIC
                    ? new FeatureProfile(kind, KllDoublesSketch.heapify(memory), null, count, nullCount, mean, m2)
                    : new FeatureProfile(kind, null, ItemsSketch.getInstance(memory, STRING_SERDE), count, nullCount, 0, 0);
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new IllegalArgumentException("not a FeatureProfile: " + e.getMessage(), e);
        }
    }

    /** This doubles profile as a floats profile of KLL k {@code k}: every retained item with its weight. */
    private FeatureProfile asFloats(int k) {
        FeatureProfile converted = numericFloats(k);
        if (!numeric.isEmpty()) {
            org.apache.datasketches.quantilescommon.DoublesSortedView view = numeric.getSortedView();
            double[] items = view.getQuantiles();
            long[] cumulative = view.getCumulativeWeights();
            for (int i = 0; i < items.length; i++) {
                converted.floats.update((float) items[i], cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]));
            }
        }
        converted.count = count;
        converted.nullCount = nullCount;
        converted.mean = mean;
        converted.m2 = m2;
        return converted;
    }

    /** Sample standard deviation (ddof=1) of the numeric observations, exact. */
    public double sampleStd() {
        requireKind(Kind.NUMERIC);
        return count < 2 ? Double.NaN : Math.sqrt(m2 / (count - 1));
    }

    /** The KLL doubles sketch; null for a {@link #numericFloats} profile (use {@link #distribution}). */
    KllDoublesSketch numericSketch() {
        requireKind(Kind.NUMERIC);
        return numeric;
    }

    /** The sketch's weighted sorted sample, whichever item type it keeps. */
    EmpiricalDistribution distribution() {
        requireKind(Kind.NUMERIC);
        return floats != null ? EmpiricalDistribution.ofSketch(floats) : EmpiricalDistribution.ofSketch(numeric);
    }

    /**
     * Estimated count per category. Exact while the sketch holds every category; beyond that
     * the estimates carry the sketch's bounded error and whatever it no longer tracks is
     * reported under {@link #OTHER}.
     */
    Map<String, Long> categoryCounts() {
        requireKind(Kind.CATEGORICAL);
        Map<String, Long> counts = new LinkedHashMap<>();
        long tracked = 0;
        for (ItemsSketch.Row<String> row : categorical.getFrequentItems(0, ErrorType.NO_FALSE_NEGATIVES)) {
            counts.put(row.getItem(), row.getEstimate());
            tracked += row.getEstimate();
        }
        long untracked = categorical.getStreamLength() - tracked;
        if (untracked > 0) {
            counts.merge(OTHER, untracked, Long::sum);
        }
        return counts;
    }

    /** Bucket for observations a saturated frequent-items sketch no longer attributes. */
    static final String OTHER = "__other__";

    private void requireKind(Kind expected) {
        if (kind != expected) {
            throw new IllegalStateException("profile is " + kind + ", not " + expected);
        }
    }
}
