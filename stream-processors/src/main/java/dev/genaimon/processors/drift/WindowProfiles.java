package dev.genaimon.processors.drift;

import dev.genaimon.evaluators.drift.FeatureProfile;
import dev.genaimon.processors.segment.Segments;
import dev.genaimon.schemas.avro.FeatureRow;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.Segment;
import dev.genaimon.schemas.avro.SegmentWindowProfile;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-segment, per-window feature profiles: one {@link FeatureRow} per interaction, summed into a
 * {@link SegmentWindowProfile} whose map holds each feature's {@link FeatureProfile} bytes. All functions are pure
 * (inputs are never modified), which is what makes the windowed aggregate safe to replay under exactly-once.
 *
 * <p>A feature keeps the kind it was first seen with in a window; a later value of the other kind (a producer that
 * sends {@code "42"} where others send 42) is ignored rather than failing the record.
 */
final class WindowProfiles {

    private static final Segment NO_SEGMENT = new Segment("", Map.of());

    private WindowProfiles() {
    }

    /** The features of an enriched interaction, or null when it has none (raw or pre-enrich records). */
    static FeatureRow row(Interaction interaction, Segments segments) {
        if (interaction == null || interaction.getFeatures() == null) {
            return null;
        }
        Segment segment = interaction.getSafety() != null && interaction.getSafety().getSegment() != null
                ? interaction.getSafety().getSegment() : segments.of(interaction);
        return new FeatureRow(segment, new HashMap<>(interaction.getFeatures().getNumeric()),
                new HashMap<>(interaction.getFeatures().getCategorical()));
    }

    /** The aggregate's initial value; the segment is set by the first row. */
    static SegmentWindowProfile empty() {
        return new SegmentWindowProfile(NO_SEGMENT, 0L, null, null, new HashMap<>());
    }

    /** {@code profile} plus one row, as a new value. */
    static SegmentWindowProfile add(FeatureRow row, SegmentWindowProfile profile, int numericK, int categoricalMapSize) {
        Map<String, ByteBuffer> features = new HashMap<>(profile.getFeatures());
        row.getNumeric().forEach((name, value) -> {
            FeatureProfile p = decodeOr(features.get(name), () -> FeatureProfile.numericFloats(numericK));
            if (p.kind() == FeatureProfile.Kind.NUMERIC && value != null) {
                p.update(value);
                features.put(name, ByteBuffer.wrap(p.toBytes()));
            }
        });
        row.getCategorical().forEach((name, value) -> {
            FeatureProfile p = decodeOr(features.get(name), () -> FeatureProfile.categorical(categoricalMapSize));
            if (p.kind() == FeatureProfile.Kind.CATEGORICAL) {
                p.update(value);
                features.put(name, ByteBuffer.wrap(p.toBytes()));
            }
        });
        return new SegmentWindowProfile(row.getSegment(), profile.getInteractions() + 1, profile.getWindowStart(),
                profile.getWindowEnd(), features);
    }

    /**
     * {@code profile} plus a partial profile of the same segment (several rows pre-aggregated by
     * {@link PreAggregator}), as a new value; a feature keeps the kind the window saw first.
     */
    static SegmentWindowProfile addPartial(SegmentWindowProfile partial, SegmentWindowProfile profile) {
        Map<String, ByteBuffer> features = new HashMap<>(profile.getFeatures());
        partial.getFeatures().forEach((name, bytes) -> {
            ByteBuffer existing = features.get(name);
            if (existing == null) {
                features.put(name, bytes);
                return;
            }
            FeatureProfile current = FeatureProfile.fromBytes(bytes(existing));
            FeatureProfile added = FeatureProfile.fromBytes(bytes(bytes));
            if (current.kind() == added.kind()) {
                features.put(name, ByteBuffer.wrap(current.merge(added).toBytes()));
            }
        });
        return new SegmentWindowProfile(partial.getSegment(), profile.getInteractions() + partial.getInteractions(),
                profile.getWindowStart(), profile.getWindowEnd(), features);
    }

    /** The merge of several window profiles of one segment (the trailing reference); window bounds are dropped. */
    static SegmentWindowProfile merge(Segment segment, List<SegmentWindowProfile> profiles) {
        Map<String, FeatureProfile> merged = new TreeMap<>();
        long interactions = 0;
        for (SegmentWindowProfile profile : profiles) {
            interactions += profile.getInteractions();
            decode(profile).forEach((name, p) -> merged.merge(name, p,
                    (a, b) -> a.kind() == b.kind() ? a.merge(b) : a));
        }
        Map<String, ByteBuffer> features = new HashMap<>();
        merged.forEach((name, p) -> features.put(name, ByteBuffer.wrap(p.toBytes())));
        return new SegmentWindowProfile(segment, interactions, null, null, features);
    }

    /** The feature profiles, sorted by name. */
    static Map<String, FeatureProfile> decode(SegmentWindowProfile profile) {
        Map<String, FeatureProfile> out = new TreeMap<>();
        profile.getFeatures().forEach((name, bytes) -> out.put(name, FeatureProfile.fromBytes(bytes(bytes))));
        return out;
    }

    static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] out = new byte[view.remaining()];
        view.get(out);
        return out;
    }

    private static FeatureProfile decodeOr(ByteBuffer bytes, java.util.function.Supplier<FeatureProfile> fresh) {
        return bytes == null ? fresh.get() : FeatureProfile.fromBytes(bytes(bytes));
    }
}
