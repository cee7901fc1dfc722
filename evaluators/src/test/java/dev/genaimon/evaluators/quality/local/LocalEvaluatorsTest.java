package dev.genaimon.evaluators.quality.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.quality.EvaluationScore;
import dev.genaimon.evaluators.quality.Evaluator;
import dev.genaimon.evaluators.quality.EvaluatorContext;
import dev.genaimon.evaluators.quality.EvaluatorProvider;
import dev.genaimon.evaluators.quality.embed.SentenceEmbedder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class LocalEvaluatorsTest {

    private final FakeModel model = new FakeModel();
    private final SentenceEmbedder embedder = new SentenceEmbedder(model, 1000);

    private Map<String, Evaluator> evaluators(Map<String, String> settings) {
        Map<String, Evaluator> out = new HashMap<>();
        for (Evaluator e : new LocalEvaluatorProvider().create(new EvaluatorContext(settings, embedder))) {
            out.put(e.name(), e);
        }
        return out;
    }

    private static EvaluationInput input(String question, String answer, List<String> context, String truth) {
        return new EvaluationInput("x", null, question, answer, context, truth);
    }

    @Test
    void shouldRegisterTheNineLocalEvaluatorsThroughOneProvider() {
        List<String> names = new ArrayList<>();
        for (EvaluatorProvider p : ServiceLoader.load(EvaluatorProvider.class)) {
            if (p instanceof LocalEvaluatorProvider) {
                p.create(new EvaluatorContext(Map.of(), embedder)).forEach(e -> names.add(e.name()));
            }
        }
        assertThat(names).containsExactlyElementsOf(LocalEvaluatorProvider.NAMES);
    }

    @Test
    void shouldReturnErrorsNotExceptionsForMissingInputs() {
        EvaluationInput empty = input("", "", List.of(), null);
        for (Evaluator e : evaluators(Map.of()).values()) {
            EvaluationScore s = e.evaluate(empty);
            assertThat(s.name()).isEqualTo(e.name());
            // either a documented defined score or an error with a reason, never an exception
            assertThat(s.failed() ? s.error() : String.valueOf(s.value())).isNotBlank();
        }
        Map<String, Evaluator> all = evaluators(Map.of());
        assertThat(all.get("groundedness").evaluate(input("q", "An answer.", List.of(), null)).error())
                .contains("no context");
        assertThat(all.get("similarity").evaluate(input("q", "An answer.", List.of(), null)).error())
                .contains("no ground truth");
        assertThat(all.get("relevance").evaluate(input("", "An answer.", List.of(), null)).error())
                .contains("no question");
        assertThat(all.get("length").evaluate(empty).value()).isZero();
        assertThat(all.get("length").evaluate(empty).passed()).isFalse();
    }

    @Test
    void shouldScoreSupportedAnswersAboveInventedOnes() {
        Evaluator g = evaluators(Map.of()).get("groundedness");
        List<String> context = List.of("The Eiffel Tower was completed in 1889 in Paris. It was designed by the company "
                + "of Gustave Eiffel. The tower is 330 metres tall.");
        EvaluationScore supported = g.evaluate(input("When was the Eiffel Tower completed?",
                "The Eiffel Tower was completed in 1889.", context, null));
        EvaluationScore invented = g.evaluate(input("When was the Eiffel Tower completed?",
                "It was finished in 1925 by Napoleon Bonaparte in Lyon.", context, null));
        assertThat(supported.value()).isGreaterThan(invented.value());
        assertThat(supported.passed()).isTrue();
        assertThat(invented.passed()).isFalse();
        assertThat(invented.explanation()).contains("1925").contains("Napoleon");
    }

    @Test
    void shouldEmbedAWholeBatchInOneModelCall() {
        Evaluator g = evaluators(Map.of()).get("groundedness");
        List<EvaluationInput> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(new EvaluationInput("id" + i, null, "Question " + i + "?", "Answer number " + i + ". More.",
                    List.of("Context sentence " + i + ". Another one " + i + "."), null));
        }
        List<EvaluationScore> scores = g.evaluateAll(batch);
        assertThat(scores).hasSize(20).allSatisfy(s -> assertThat(s.value()).isBetween(0.0, 1.0));
        assertThat(model.calls.get()).isEqualTo(1);
        // the batch result equals the one-by-one result (cached vectors, same arithmetic)
        assertThat(g.evaluate(batch.get(7)).value()).isEqualTo(scores.get(7).value());
        assertThat(model.calls.get()).isEqualTo(1);
    }

    @Test
    void shouldHonourThresholdOverrides() {
        EvaluationInput in = input("q", "Paris is the capital of France.", List.of("Paris is the capital of France."), null);
        assertThat(evaluators(Map.of()).get("groundedness").evaluate(in).passed()).isTrue();
        assertThat(evaluators(Map.of("groundedness.threshold", "1.01")).get("groundedness").evaluate(in).passed())
                .isFalse();
        assertThatThrownBy(() -> evaluators(Map.of("relevance.threshold", "high")))
                .hasMessageContaining("relevance.threshold");
    }

    @Test
    void shouldReportSimilarityComponents() {
        assertThat(SimilarityEvaluator.tokenF1(List.of("a", "b", "c"), List.of("a", "b", "d", "e")))
                .isCloseTo(2 * (2 / 3.0) * 0.5 / (2 / 3.0 + 0.5), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(SimilarityEvaluator.rougeL(List.of("a", "x", "b", "c"), List.of("a", "b", "c")))
                .isCloseTo(2 * 0.75 * 1.0 / 1.75, org.assertj.core.data.Offset.offset(1e-9));
        EvaluationScore s = evaluators(Map.of()).get("similarity").evaluate(input("q", "The capital is Paris",
                List.of(), "Paris is the capital"));
        assertThat(s.explanation()).contains("cosine").contains("token F1").contains("ROUGE-L");
        assertThat(s.value()).isBetween(0.5, 1.0);
    }

    @Test
    void shouldCheckJsonAgainstTheSchemaLite() {
        String schema = "{\"type\":\"object\",\"required\":[\"name\",\"age\"],"
                + "\"properties\":{\"age\":{\"type\":\"integer\"},\"tier\":{\"enum\":[\"gold\",\"silver\"]}}}";
        Evaluator f = evaluators(Map.of("format.schema", schema)).get("format");
        assertThat(f.evaluate(input("", "```json\n{\"name\":\"Ann\",\"age\":3,\"tier\":\"gold\"}\n```", List.of(), null))
                .value()).isEqualTo(1.0);
        EvaluationScore wrong = f.evaluate(input("", "{\"name\":\"Ann\",\"age\":\"old\",\"tier\":\"bronze\"}", List.of(), null));
        assertThat(wrong.passed()).isFalse();
        assertThat(wrong.explanation()).contains("$.age is not integer").contains("$.tier is not one of");
        assertThat(f.evaluate(input("", "{not json", List.of(), null)).value()).isZero();
        Evaluator auto = evaluators(Map.of()).get("format");
        assertThat(auto.evaluate(input("", "Plain words.", List.of(), null)).passed()).isTrue();
        assertThat(auto.evaluate(input("", "{\"broken\": ", List.of(), null)).passed()).isFalse();
    }

    @Test
    void shouldFlagRefusalsRepetitionGarbageAndLength() {
        Map<String, Evaluator> all = evaluators(Map.of("length.max_words", "5"));
        EvaluationScore refusal = all.get("refusal").evaluate(input("", "I'm sorry, but I can't help with that.", List.of(), null));
        assertThat(refusal.label()).isEqualTo("refusal");
        assertThat(refusal.passed()).isFalse();
        assertThat(all.get("refusal").evaluate(input("", "The capital of France is Paris.", List.of(), null)).passed()).isTrue();
        EvaluationScore loop = all.get("repetition").evaluate(input("",
                "I think so. I think so. I think so. I think so. I think so.", List.of(), null));
        assertThat(loop.value()).isLessThan(0.5);
        assertThat(all.get("repetition").evaluate(input("", "Each word here is different from every other.", List.of(), null))
                .value()).isEqualTo(1.0);
        assertThat(all.get("fluency").evaluate(input("", "xqzzkrtw bvcxzlkj ### @@@ ~~~ qwrtzpsd !!!!!!!!!", List.of(), null))
                .passed()).isFalse();
        assertThat(all.get("fluency").evaluate(input("", "The report was finished on time and sent to the team.",
                List.of(), null)).passed()).isTrue();
        EvaluationScore tooLong = all.get("length").evaluate(input("", "one two three four five six", List.of(), null));
        assertThat(tooLong.value()).isEqualTo(6.0);
        assertThat(tooLong.label()).isEqualTo("too_long");
    }

    @Test
    void shouldNoticeShortAnswersOfTheWrongKind() {
        assertThat(RelevanceEvaluator.typeMismatch("How many legs does a spider have?", "Quite a lot")).isNotNull()
                .contains("number");
        assertThat(RelevanceEvaluator.typeMismatch("How many legs does a spider have?", "8")).isNull();
        assertThat(RelevanceEvaluator.typeMismatch("How many legs does a spider have?", "Eight")).isNull();
        assertThat(RelevanceEvaluator.typeMismatch("When did it open?", "In March 1962")).isNull();
        assertThat(RelevanceEvaluator.typeMismatch("Who designed the bridge?", "the river")).contains("who");
        assertThat(RelevanceEvaluator.typeMismatch("Who was mayor when it opened?", "Anna Berg")).isNull();
        // long answers may explain instead of stating the value
        assertThat(RelevanceEvaluator.typeMismatch("How many legs does a spider have?",
                "Spiders have as many legs as an octopus has arms, which is a common quiz fact")).isNull();
    }

    @Test
    void shouldScoreOnTopicAnswersAsMoreRelevantAndCoherent() {
        Map<String, Evaluator> all = evaluators(Map.of());
        double on = all.get("relevance").evaluate(input("Which river flows through Paris?",
                "The Seine river flows through Paris.", List.of(), null)).value();
        double off = all.get("relevance").evaluate(input("Which river flows through Paris?",
                "Bananas are rich in potassium.", List.of(), null)).value();
        assertThat(on).isGreaterThan(off);
        double coherent = all.get("coherence").evaluate(input("", "Paris has a river. The river in Paris is the Seine.",
                List.of(), null)).value();
        double jumbled = all.get("coherence").evaluate(input("", "Paris has a river. Potassium bananas grow yellow.",
                List.of(), null)).value();
        assertThat(coherent).isGreaterThan(jumbled);
    }
}
