package dev.genaimon.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genaimon.processors.drift.BaselineBuilder;
import dev.genaimon.processors.enrich.InteractionAnalyzer;
import dev.genaimon.schemas.avro.BaselineProfile;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.json.AvroJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A production baseline per demo segment, profiled from the segment's normal traffic (same generator, features
 * computed by the real enrich analysis). With a fixed reference the drift stage compares every window with what
 * "normal" looks like, so drift appears with the rollout and disappears right after the rollback, instead of lingering
 * while a trailing reference still holds the incident's windows.
 */
final class DemoBaselines {

    static final int ROWS_PER_SEGMENT = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoBaselines() {
    }

    static List<BaselineProfile> build(DemoScenario scenario, DemoTemplates templates, InteractionAnalyzer analyzer,
                                       long seed, Instant now) {
        DemoTraffic traffic = new DemoTraffic(templates, seed ^ 0x5DEECE66DL, "demo-baseline");
        List<BaselineProfile> baselines = new ArrayList<>();
        for (DemoSegment segment : scenario.segments()) {
            List<Interaction> interactions = new ArrayList<>();
            for (int i = 0; i < ROWS_PER_SEGMENT; i++) {
                Instant at = now.minusSeconds(3_600).plusMillis(1_000L * i);
                interactions.add(analyzer.analyze(toAvro(traffic.interaction(segment, at, Set.of()))).interaction());
            }
            BaselineBuilder.Spec spec = new BaselineBuilder.Spec(baselineId(segment),
                    "demo: normal traffic of " + segment.id(), BaselineBuilder.PRODUCTION, segment.id(),
                    "genaimon demo generator, " + ROWS_PER_SEGMENT + " normal interactions", now,
                    BaselineBuilder.Spec.DEFAULT_NUMERIC_K);
            baselines.add(BaselineBuilder.fromInteractions(spec, interactions));
        }
        return baselines;
    }

    static String baselineId(DemoSegment segment) {
        return "demo-" + segment.id().replace('/', '-');
    }

    /** The ingest path's JSON to Avro mapping, for records made in-process (userId/sessionId are not hashed here). */
    static Interaction toAvro(Map<String, Object> item) {
        JsonNode node = JSON.valueToTree(item);
        AvroJson.Parsed<Interaction> parsed = AvroJson.fromJson(node, Interaction.class, Integer.MAX_VALUE);
        if (!parsed.valid()) {
            throw new IllegalStateException("demo generated an invalid interaction: " + parsed.errors());
        }
        return parsed.record();
    }
}
