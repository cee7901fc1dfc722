package dev.genaimon.processors.drift;

import dev.genaimon.evaluators.drift.FeatureProfile;
import dev.genaimon.schemas.avro.FeatureRow;
import dev.genaimon.schemas.avro.Segment;
import dev.genaimon.schemas.avro.SegmentWindowProfile;
import dev.genaimon.schemas.serde.AvroSerdes;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.Serde;

/**
 * Where the time of one drift record goes (not a test; run by hand): the v1 path decodes and re-encodes every feature
 * sketch of the window plus the Avro store value per record.
 */
final class ProfileCostProbe {

    public static void main(String[] args) {
        Serde<SegmentWindowProfile> serde = AvroSerdes.singleObject().valueSerde(SegmentWindowProfile.class);
        Segment segment = new Segment("acme/bot/chat/-", Map.of("tenant", "acme"));
        Random random = new Random(1);
        int rows = 3_000;
        FeatureRow[] data = new FeatureRow[rows];
        for (int i = 0; i < rows; i++) {
            Map<String, Double> n = new HashMap<>();
            for (int f = 0; f < 22; f++) {
                n.put("numeric_" + f, Math.rint(Math.exp(5 + f % 4 + random.nextGaussian())));
            }
            Map<String, String> c = new HashMap<>();
            for (int f = 0; f < 8; f++) {
                c.put("categorical_" + f, "value-" + random.nextInt(4 + 8 * f));
            }
            data[i] = new FeatureRow(segment, n, c);
        }
        for (int round = 0; round < 3; round++) {
            long add = 0, avroIn = 0, avroOut = 0, decode = 0, encode = 0;
            byte[] stored = serde.serializer().serialize("t", WindowProfiles.empty());
            for (FeatureRow row : data) {
                long t0 = System.nanoTime();
                SegmentWindowProfile p = serde.deserializer().deserialize("t", stored);
                long t1 = System.nanoTime();
                SegmentWindowProfile next = WindowProfiles.add(row, p, 200, 128);
                long t2 = System.nanoTime();
                stored = serde.serializer().serialize("t", next);
                long t3 = System.nanoTime();
                Map<String, FeatureProfile> decoded = WindowProfiles.decode(next);
                long t4 = System.nanoTime();
                decoded.values().forEach(FeatureProfile::toBytes);
                long t5 = System.nanoTime();
                avroIn += t1 - t0;
                add += t2 - t1;
                avroOut += t3 - t2;
                decode += t4 - t3;
                encode += t5 - t4;
            }
            long live = 0;
            Map<String, FeatureProfile> sketches = new HashMap<>();
            for (FeatureRow row : data) {
                long t0 = System.nanoTime();
                row.getNumeric().forEach((k, v) -> sketches.computeIfAbsent(k, x -> FeatureProfile.numeric(200)).update(v));
                row.getCategorical().forEach((k, v) -> sketches.computeIfAbsent(k, x -> FeatureProfile.categorical(128)).update(v));
                live += System.nanoTime() - t0;
            }
            System.out.printf("round %d, %d rows x 30 features, final store value %,d B; us/record: avro decode %.1f,"
                    + " WindowProfiles.add %.1f (of which sketch decode %.1f + encode %.1f), avro encode %.1f;"
                    + " live heap update %.2f%n", round, rows, stored.length, avroIn / 1e3 / rows, add / 1e3 / rows,
                    decode / 1e3 / rows, encode / 1e3 / rows, avroOut / 1e3 / rows, live / 1e3 / rows);
        }
    }
}
