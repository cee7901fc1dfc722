package dev.genaimon.processors.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.evaluators.drift.FeatureProfile;
import dev.genaimon.schemas.avro.FeatureRow;
import dev.genaimon.schemas.avro.Segment;
import dev.genaimon.schemas.avro.SegmentWindowProfile;
import dev.genaimon.schemas.serde.AvroSerdes;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/** State per segment-window must stay bounded: the serialized store value for 30 features. */
class ProfileSizeTest {

    private static final DriftTopologySettings SETTINGS = DriftTopologySettings.defaults();
    private static final Serializer<SegmentWindowProfile> SERIALIZER =
            AvroSerdes.singleObject().valueSerde(SegmentWindowProfile.class).serializer();
    private static final Segment SEGMENT = new Segment("acme/bot/chat/-", Map.of("tenant", "acme"));

    /** 30 features shaped like enrich's: 22 numeric (lengths, tokens, latency, scores) and 8 categorical. */
    private static FeatureRow row(Random random, int numeric, int categorical) {
        Map<String, Double> n = new HashMap<>();
        for (int f = 0; f < numeric; f++) {
            n.put("numeric_" + f, Math.rint(Math.exp(5 + f % 4 + random.nextGaussian())));
        }
        Map<String, String> c = new HashMap<>();
        for (int f = 0; f < categorical; f++) {
            c.put("categorical_" + f, "value-" + random.nextInt(4 + 8 * f)); // 4 to 60 categories
        }
        return new FeatureRow(SEGMENT, n, c);
    }

    /** Serialized bytes of one segment-window profile after {@code interactions} rows, sketched as the stage does. */
    private static int bytesAfter(int interactions, int numeric, int categorical) {
        Random random = new Random(interactions);
        Map<String, FeatureProfile> live = new HashMap<>();
        for (int i = 0; i < interactions; i++) {
            FeatureRow row = row(random, numeric, categorical);
            row.getNumeric().forEach((name, v) -> live.computeIfAbsent(name,
                    n -> FeatureProfile.numericFloats(SETTINGS.numericSketchK())).update(v));
            row.getCategorical().forEach((name, v) -> live.computeIfAbsent(name,
                    n -> FeatureProfile.categorical(SETTINGS.categoricalMapSize())).update(v));
        }
        Map<String, ByteBuffer> features = new HashMap<>();
        live.forEach((name, p) -> features.put(name, ByteBuffer.wrap(p.toBytes())));
        SegmentWindowProfile profile = new SegmentWindowProfile(SEGMENT, (long) interactions, null, null, features);
        // what the windowed aggregate stores: the partial merged into an empty window profile
        SegmentWindowProfile stored = WindowProfiles.addPartial(profile, WindowProfiles.empty());
        assertThat(stored.getInteractions()).isEqualTo(interactions);
        assertThat(stored.getFeatures()).hasSize(numeric + categorical);
        return SERIALIZER.serialize("t", stored).length;
    }

    @Test
    void shouldKeepAThirtyFeatureWindowProfileWithinSixtyFourKilobytesAtAnyVolume() {
        StringBuilder line = new StringBuilder();
        for (int interactions : new int[] {1_000, 3_000, 10_000, 100_000, 1_000_000}) {
            int bytes = bytesAfter(interactions, 22, 8);
            line.append(String.format(java.util.Locale.ROOT, " %,d B at %,d;", bytes, interactions));
            assertThat(bytes).as("bytes at %d interactions", interactions).isLessThanOrEqualTo(64 * 1024);
        }
        int allNumeric = bytesAfter(100_000, 30, 0);
        System.out.printf("bytes per segment-window profile, 30 features (22 numeric KLL floats k=%d + 8 categorical, "
                + "map %d):%s 30 numeric at 100,000: %,d B%n", SETTINGS.numericSketchK(), SETTINGS.categoricalMapSize(),
                line, allNumeric);
        assertThat(allNumeric).isLessThanOrEqualTo(80 * 1024);
    }
}
