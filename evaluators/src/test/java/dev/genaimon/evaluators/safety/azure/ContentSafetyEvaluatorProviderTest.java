package dev.genaimon.evaluators.safety.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genaimon.evaluators.judge.ManualClock;
import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.quality.EvaluationScore;
import dev.genaimon.evaluators.quality.Evaluator;
import dev.genaimon.evaluators.quality.EvaluatorContext;
import dev.genaimon.evaluators.quality.EvaluatorProvider;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContentSafetyEvaluatorProviderTest {

    private static final String KEY = "k";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T12:00:00Z"));
    private FakeContentSafetyServer server;
    private ContentSafetyDetector detector;

    @BeforeEach
    void start() throws IOException {
        server = new FakeContentSafetyServer(KEY);
    }

    @AfterEach
    void stop() {
        if (detector != null) {
            detector.close();
        }
        server.close();
    }

    private Map<String, Evaluator> evaluators(String... overrides) {
        Map<String, String> raw = new HashMap<>();
        raw.put("content-safety.endpoint", server.baseUrl());
        raw.put("content-safety.api-key", KEY);
        for (int i = 0; i < overrides.length; i += 2) {
            raw.put("content-safety." + overrides[i], overrides[i + 1]);
        }
        ContentSafetySettings settings = ContentSafetySettings.from(raw, name -> null);
        detector = new ContentSafetyDetector(settings, AzureContentSafetyService.create(settings), clock, d -> { });
        return ContentSafetyEvaluatorProvider.evaluators(detector).stream()
                .collect(Collectors.toMap(Evaluator::name, e -> e));
    }

    @Test
    void shouldOfferNothingUnlessAnEndpointIsConfigured() {
        EvaluatorContext context = new EvaluatorContext(Map.of("judge.endpoint", ""));
        assertThat(new ContentSafetyEvaluatorProvider().create(context)).isEmpty();
        assertThat(ServiceLoader.load(EvaluatorProvider.class).stream().map(p -> p.type().getSimpleName()))
                .contains("ContentSafetyEvaluatorProvider");
    }

    @Test
    void shouldScoreEveryFindingFromOneInspectionPerInteraction() {
        Map<String, Evaluator> evaluators = evaluators();
        List<EvaluationInput> batch = List.of(
                new EvaluationInput("i1", "t", "[attack] [hate:4] question", "[violence:2] answer",
                        List.of("clean doc", "[attack] doc"), null),
                new EvaluationInput("i2", "t", "a kind question", "a kind answer", List.of(), null));

        Map<String, List<EvaluationScore>> scores = new HashMap<>();
        evaluators.forEach((name, e) -> scores.put(name, e.evaluateAll(batch)));

        assertThat(evaluators).containsOnlyKeys("content_safety_hate", "content_safety_sexual",
                "content_safety_violence", "content_safety_self_harm", "prompt_shield", "prompt_shield_documents");
        // i1: analyze prompt + analyze response + shield; i2: the same three, once for all six evaluators
        assertThat(server.calls()).isEqualTo(6);
        EvaluationScore hate = scores.get("content_safety_hate").get(0);
        assertThat(hate.value()).isEqualTo(4.0);
        assertThat(hate.passed()).isFalse();
        assertThat(hate.label()).isEqualTo("medium");
        assertThat(hate.explanation()).contains("prompt 4, response 0");
        assertThat(hate.usage().judgeModel()).isEqualTo("azure-ai-content-safety");
        EvaluationScore violence = scores.get("content_safety_violence").get(0);
        assertThat(violence.value()).isEqualTo(2.0);
        assertThat(violence.passed()).isTrue();
        assertThat(scores.get("prompt_shield").get(0).value()).isEqualTo(1.0);
        assertThat(scores.get("prompt_shield").get(0).passed()).isFalse();
        assertThat(scores.get("prompt_shield").get(1).value()).isEqualTo(0.0);
        assertThat(scores.get("prompt_shield_documents").get(0).explanation()).contains("[1] of 2");
        assertThat(scores.get("prompt_shield_documents").get(1).error()).startsWith("missing_input");
        assertThat(scores.get("content_safety_sexual").get(1).value()).isZero();
    }

    @Test
    void shouldSaySkippedBudgetInsteadOfAScore() {
        Map<String, Evaluator> evaluators = evaluators("requests-per-minute", "3", "prompt-shields", "false");
        List<EvaluationInput> batch = List.of(
                new EvaluationInput("i1", "t", "q1", "a1", List.of(), null),
                new EvaluationInput("i2", "t", "q2", "a2", List.of(), null));

        List<EvaluationScore> hate = evaluators.get("content_safety_hate").evaluateAll(batch);
        List<EvaluationScore> sexual = evaluators.get("content_safety_sexual").evaluateAll(batch);

        assertThat(hate).filteredOn(s -> s.error() == null).hasSize(1);
        EvaluationScore skipped = hate.stream().filter(EvaluationScore::failed).findFirst().orElseThrow();
        assertThat(skipped.error()).startsWith("skipped: budget");
        assertThat(skipped.value()).isNull();
        assertThat(sexual).extracting(EvaluationScore::failed)
                .containsExactlyElementsOf(hate.stream().map(EvaluationScore::failed).toList());
        assertThat(server.calls()).isEqualTo(2);

        // a redelivery a minute later asks again, and the budget has refilled
        clock.advance(Duration.ofMinutes(1));
        assertThat(evaluators.get("content_safety_hate").evaluateAll(batch)).noneMatch(EvaluationScore::failed);
        assertThat(server.calls()).isEqualTo(4);
    }

    @Test
    void shouldRejectBadSettingsNamingTheKey() {
        assertThatThrownBy(() -> ContentSafetySettings.from(Map.of("content-safety.endpoint", "ftp://x",
                "content-safety.api-key", "k"), n -> null)).hasMessageContaining("content-safety.endpoint");
        assertThatThrownBy(() -> ContentSafetySettings.from(Map.of("content-safety.endpoint", "http://127.0.0.1:1",
                "content-safety.api-key-env", "NOPE"), n -> null)).hasMessageContaining("NOPE");
        assertThatThrownBy(() -> ContentSafetySettings.from(Map.of("content-safety.endpoint", "http://127.0.0.1:1",
                "content-safety.api-key", "k", "content-safety.timeout", "soon"), n -> null))
                .hasMessageContaining("content-safety.timeout");
        assertThatThrownBy(() -> ContentSafetySettings.from(Map.of("content-safety.endpoint", "http://127.0.0.1:1",
                "content-safety.api-key", "k", "content-safety.harm-threshold", "3"), n -> null))
                .hasMessageContaining("harm-threshold");
        ContentSafetySettings entra = ContentSafetySettings.from(Map.of("content-safety.endpoint",
                "https://x.cognitiveservices.azure.com/"), n -> null);
        assertThat(entra.auth()).isEqualTo(ContentSafetySettings.Auth.ENTRA);
        assertThat(entra.endpoint()).isEqualTo("https://x.cognitiveservices.azure.com");
        assertThat(ContentSafetySettings.from(Map.of("content-safety.endpoint", "http://127.0.0.1:1",
                "content-safety.api-key", "secret"), n -> null).toString()).doesNotContain("secret");
    }
}
