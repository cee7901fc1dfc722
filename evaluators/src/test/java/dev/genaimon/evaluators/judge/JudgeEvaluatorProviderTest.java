package dev.genaimon.evaluators.judge;

import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.quality.Evaluator;
import dev.genaimon.evaluators.quality.EvaluatorContext;
import dev.genaimon.evaluators.quality.EvaluatorProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

class JudgeEvaluatorProviderTest {

    private static EvaluatorProvider judgeProvider() {
        return ServiceLoader.load(EvaluatorProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(provider -> provider instanceof JudgeEvaluatorProvider)
                .findFirst().orElseThrow();
    }

    @Test
    void shouldOfferNoEvaluatorsWithoutAnEndpoint() {
        assertThat(judgeProvider().create(new EvaluatorContext(Map.of("groundedness.threshold", "0.7")))).isEmpty();
    }

    @Test
    void shouldBuildAnAzureJudgeWithEntraIdWhenNoKeyIsGiven() {
        // Builds DefaultAzureCredential (no call is made): shows azure-identity and its dependencies are wired.
        List<Evaluator> evaluators = judgeProvider().create(new EvaluatorContext(Map.of(
                "judge.endpoint", "https://judge.invalid", "judge.deployment", "gpt-4o-mini")));

        assertThat(evaluators).hasSize(5);
        assertThat(evaluators.get(0).toString()).contains("gpt-4o-mini");
    }

    @Test
    void shouldOfferTheFiveRubricsWhenAnEndpointIsSet() throws IOException {
        try (FakeChatServer server = new FakeChatServer()) {
            server.then(FakeChatServer.Answer.score(5, "Clear."));
            List<Evaluator> evaluators = judgeProvider().create(new EvaluatorContext(Map.of(
                    "judge.endpoint", server.baseUrl() + "/v1", "judge.kind", "openai", "judge.model", "m")));

            assertThat(evaluators).extracting(Evaluator::name).containsExactly("judge_groundedness",
                    "judge_relevance", "judge_coherence", "judge_fluency", "judge_similarity");
            assertThat(evaluators).extracting(Evaluator::version).containsOnly("1");

            Evaluator fluency = evaluators.get(3);
            assertThat(fluency.evaluate(new EvaluationInput("x", null, "", "A clear sentence.", null, null)).value())
                    .isEqualTo(5.0);
            assertThat(server.seen().get(0).header("authorization")).isNull();
            assertThat(server.seen().get(0).body().path("user").asText()).isEqualTo("default");
        }
    }
}
