package dev.genaimon.processors.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genaimon.evaluators.drift.FeatureProfile;
import dev.genaimon.schemas.avro.BaselineProfile;
import dev.genaimon.schemas.avro.Features;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.ModelDeployment;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BaselineBuilderTest {

    private static final BaselineBuilder.Spec SPEC = new BaselineBuilder.Spec("b-1", "eval set", BaselineBuilder.EVALUATION,
            "acme/*/*/*", "golden.jsonl", Instant.parse("2026-11-01T00:00:00Z"), 1024);

    private static Map<String, dev.genaimon.schemas.avro.FeatureProfile> features(BaselineProfile b) {
        return b.getFeatures().stream().collect(Collectors.toMap(f -> f.getName(), f -> f));
    }

    @Test
    void shouldProfileFeatureRowsWithTypesCountsAndNulls() {
        Map<String, Object> third = new HashMap<>();
        third.put("tokens", null);
        third.put("finish", "stop");
        third.put("code", 3);
        BaselineProfile b = BaselineBuilder.fromRows(SPEC, List.of(
                Map.of("tokens", 10, "finish", "stop", "code", 1),
                Map.of("tokens", 30.5, "finish", "length", "code", "none"),
                third,
                Map.of("finish", true)));

        assertThat(b.getBaselineId()).isEqualTo("b-1");
        assertThat(b.getKind()).isEqualTo("evaluation");
        assertThat(b.getSegmentPattern()).isEqualTo("acme/*/*/*");
        assertThat(b.getActive()).isTrue();
        Map<String, dev.genaimon.schemas.avro.FeatureProfile> f = features(b);
        assertThat(f.get("tokens").getType()).isEqualTo("numeric");
        assertThat(f.get("tokens").getCount()).isEqualTo(2);
        assertThat(f.get("tokens").getNullCount()).isEqualTo(2); // explicit null and missing
        // one string makes the feature categorical; its numbers count as their text
        assertThat(f.get("code").getType()).isEqualTo("categorical");
        assertThat(f.get("code").getCount()).isEqualTo(3);
        assertThat(f.get("finish").getCount()).isEqualTo(4);

        FeatureProfile tokens = FeatureProfile.fromBytes(WindowProfiles.bytes(f.get("tokens").getSketch()));
        assertThat(tokens.kind()).isEqualTo(FeatureProfile.Kind.NUMERIC);
        assertThat(tokens.count()).isEqualTo(2);
        assertThat(tokens.sampleStd()).isCloseTo(Math.sqrt(((10 - 20.25) * (10 - 20.25) + (30.5 - 20.25) * (30.5 - 20.25))),
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void shouldProfileInteractionFeaturesAndTheirTimeRange() {
        Instant first = Instant.parse("2026-11-02T08:00:00Z");
        Interaction a = interaction("a", first, Map.of("prompt_chars", 12.0), Map.of("language", "en"));
        Interaction b = interaction("b", first.plusSeconds(60), Map.of("prompt_chars", 40.0), Map.of("language", "de"));
        Interaction raw = interaction("c", first.minusSeconds(3600), Map.of(), Map.of());
        raw.setFeatures(null); // not enriched: skipped, and not part of the range

        BaselineProfile baseline = BaselineBuilder.fromInteractions(SPEC, List.of(a, b, raw));

        assertThat(baseline.getRangeStart()).isEqualTo(first);
        assertThat(baseline.getRangeEnd()).isEqualTo(first.plusSeconds(60));
        assertThat(features(baseline)).containsOnlyKeys("prompt_chars", "language");
        assertThat(features(baseline).get("language").getCount()).isEqualTo(2);
    }

    @Test
    void shouldRejectAnUnknownKind() {
        assertThatThrownBy(() -> new BaselineBuilder.Spec("b", "b", "canary", "*", "", Instant.EPOCH, 1024))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("evaluation or production");
    }

    @Test
    void shouldMatchSegmentPatternsPerDimensionAndPreferTheMostSpecific() {
        assertThat(Baselines.matches("acme/*/*/*", "acme/bot/chat/-")).isTrue();
        assertThat(Baselines.matches("acme/other/*/*", "acme/bot/chat/-")).isFalse();
        assertThat(Baselines.matches("acme/*", "acme/bot/chat/-")).isFalse();
        assertThat(Baselines.matches("*", "acme/bot/chat/-")).isTrue();

        BaselineProfile broad = BaselineBuilder.fromRows(spec("broad", "acme/*/*/*", "2026-11-05T00:00:00Z"), List.of());
        BaselineProfile narrow = BaselineBuilder.fromRows(spec("narrow", "acme/bot/*/*", "2026-11-01T00:00:00Z"), List.of());
        BaselineProfile newerNarrow = BaselineBuilder.fromRows(spec("newer", "acme/bot/*/*", "2026-11-03T00:00:00Z"),
                List.of());
        assertThat(Baselines.select(List.of(broad, narrow, newerNarrow), "acme/bot/chat/-"))
                .hasValueSatisfying(b -> assertThat(b.getBaselineId()).isEqualTo("newer"));
        newerNarrow.setActive(false);
        assertThat(Baselines.select(List.of(broad, narrow, newerNarrow), "acme/bot/chat/-"))
                .hasValueSatisfying(b -> assertThat(b.getBaselineId()).isEqualTo("narrow"));
        assertThat(Baselines.select(List.of(broad, narrow), "other/bot/chat/-")).isEmpty();
    }

    private static BaselineBuilder.Spec spec(String id, String pattern, String createdAt) {
        return new BaselineBuilder.Spec(id, id, BaselineBuilder.PRODUCTION, pattern, "", Instant.parse(createdAt), 1024);
    }

    private static Interaction interaction(String id, Instant at, Map<String, Double> numeric,
                                           Map<String, String> categorical) {
        return Interaction.newBuilder().setInteractionId(id).setTimestamp(at).setApp("bot")
                .setModel(ModelDeployment.newBuilder().setProvider("openai").setModel("gpt").build())
                .setFeatures(new Features(new HashMap<>(numeric), new HashMap<>(categorical))).build();
    }
}
