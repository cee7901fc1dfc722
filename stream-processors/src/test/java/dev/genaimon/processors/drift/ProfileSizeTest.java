package dev.genaimon.processors.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.schemas.avro.FeatureRow;
import dev.genaimon.schemas.avro.Segment;
import dev.genaimon.schemas.avro.SegmentWindowProfile;
import dev.genaimon.schemas.serde.AvroSerdes;
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

    private static int bytesAfter(int interactions, int numeric, int categorical) {
        Random random = new Random(interactions);
        SegmentWindowProfile profile = WindowProfiles.empty();
        for (int i = 0; i < interactions; i++) {
            profile = WindowProfiles.add(row(random, numeric, categorical), profile, SETTINGS.numericSketchK(),
                    SETTINGS.categoricalMapSize());
        }
        assertThat(profile.getInteractions()).isEqualTo(interactions);
        assertThat(profile.getFeatures()).hasSize(numeric + categorical);
        return SERIALIZER.serialize("t", profile).length;
    }

    @Test
    void shouldKeepAThirtyFeatureWindowProfileWithinBounds() {
        int small = bytesAfter(1_000, 22, 8);
        int large = bytesAfter(10_000, 22, 8);
        int allNumeric = bytesAfter(10_000, 30, 0);
        System.out.printf("bytes per segment-window profile, 30 features, KLL k=%d: 22 numeric + 8 categorical: "
                + "%,d B at 1,000 interactions, %,d B at 10,000; 30 numeric: %,d B at 10,000%n",
                SETTINGS.numericSketchK(), small, large, allNumeric);
        assertThat(small).isLessThanOrEqualTo(64 * 1024);
        // KLL grows with log(n): ten times the traffic must not come near ten times the bytes
        assertThat(large).isLessThan(2 * small);
        assertThat(allNumeric).isLessThan(160 * 1024);
    }
}
