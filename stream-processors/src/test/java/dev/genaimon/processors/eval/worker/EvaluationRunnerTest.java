package dev.genaimon.processors.eval.worker;

import static dev.genaimon.processors.eval.EvalFixtures.interaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genaimon.schemas.avro.EvaluationRequest;
import dev.genaimon.schemas.avro.EvaluationResult;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.Segment;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EvaluationRunnerTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T11:00:00Z"), ZoneOffset.UTC);

    private static EvaluationRequest request(String id, String answer, String... evaluators) {
        Interaction interaction = interaction(id, T0);
        interaction.setResponse(answer);
        return EvaluationRequest.newBuilder().setInteractionId(id).setRequestedAt(T0)
                .setSegment(new Segment("acme/bot", Map.of())).setReasons(List.of("base_rate"))
                .setEvaluators(List.of(evaluators)).setInteraction(interaction).build();
    }

    private static Map<String, EvaluationResult> byKey(List<EvaluationResult> results) {
        return results.stream().collect(Collectors.toMap(r -> r.getInteractionId() + "/" + r.getName(), r -> r));
    }

    @Test
    void shouldScoreEveryRequestWithEveryDefaultEvaluatorInOneBatchCallEach() {
        TestEvaluators.Length length = new TestEvaluators.Length("length");
        TestEvaluators.Length other = new TestEvaluators.Length("other");
        try (EvaluationRunner runner = new EvaluationRunner(new EvaluatorRegistry(List.of(length, other), List.of()),
                2, CLOCK)) {
            List<EvaluationResult> results = runner.evaluate(List.of(request("a", "x".repeat(50)),
                    request("b", "short"), request("c", "y".repeat(200))));
            assertThat(results).hasSize(6);
            Map<String, EvaluationResult> byKey = byKey(results);
            assertThat(byKey.get("a/length").getScoreValue()).isEqualTo(0.5);
            assertThat(byKey.get("a/length").getPassed()).isTrue();
            assertThat(byKey.get("b/length").getScoreValue()).isEqualTo(0.05);
            assertThat(byKey.get("b/length").getPassed()).isFalse();
            assertThat(byKey.get("b/length").getScoreLabel()).isEqualTo("fail");
            assertThat(byKey.get("c/other").getScoreValue()).isEqualTo(1.0);
            assertThat(byKey.get("a/length").getSamplingReasons()).containsExactly("base_rate");
            assertThat(byKey.get("a/length").getSegment().getId()).isEqualTo("acme/bot");
            assertThat(byKey.get("a/length").getInteractionTimestamp()).isEqualTo(T0);
            assertThat(byKey.get("a/length").getEvaluatedAt()).isEqualTo(CLOCK.instant());
            assertThat(byKey.get("a/length").getJudgeModel()).isNull();
            assertThat(length.batches).containsExactly(3);
            assertThat(other.batches).containsExactly(3);
        }
    }

    @Test
    void shouldRunOnlyTheEvaluatorsARequestNamesAndReportUnknownOnes() {
        TestEvaluators.Length length = new TestEvaluators.Length("length");
        TestEvaluators.Length other = new TestEvaluators.Length("other");
        try (EvaluationRunner runner = new EvaluationRunner(new EvaluatorRegistry(List.of(length, other),
                List.of("length")), 1, CLOCK)) {
            Map<String, EvaluationResult> byKey = byKey(runner.evaluate(List.of(request("a", "answer"),
                    request("b", "answer", "other", "nope"))));
            assertThat(byKey).containsOnlyKeys("a/length", "b/other", "b/nope");
            assertThat(byKey.get("b/nope").getError()).isEqualTo(EvaluationRunner.UNKNOWN_EVALUATOR);
            assertThat(byKey.get("b/nope").getScoreValue()).isNull();
        }
    }

    @Test
    void shouldTurnAThrowingEvaluatorIntoErrorResultsForTheFailingInputsOnly() {
        TestEvaluators.Exploding exploding = new TestEvaluators.Exploding();
        try (EvaluationRunner runner = new EvaluationRunner(new EvaluatorRegistry(List.of(exploding), List.of()),
                1, CLOCK)) {
            Map<String, EvaluationResult> byKey = byKey(runner.evaluate(List.of(request("ok", "fine"),
                    request("bad", "boom"), request("ok2", "fine too"))));
            assertThat(byKey.get("bad/exploding").getError())
                    .isEqualTo("evaluator_failed: IllegalStateException: cannot score bad");
            assertThat(byKey.get("bad/exploding").getScoreValue()).isNull();
            assertThat(byKey.get("bad/exploding").getPassed()).isNull();
            assertThat(byKey.get("ok/exploding").getScoreValue()).isEqualTo(1.0);
            assertThat(byKey.get("ok2/exploding").getError()).isNull();
        }
    }

    @Test
    void shouldFallBackToTheLocalEvaluatorWhenTheJudgeIsUnavailableAndSaySo() {
        TestEvaluators.Length groundedness = new TestEvaluators.Length("groundedness");
        try (EvaluationRunner runner = new EvaluationRunner(new EvaluatorRegistry(List.of(
                new TestEvaluators.UnavailableJudge("judge_groundedness"), groundedness,
                new TestEvaluators.UnavailableJudge("judge_fluency")), List.of("judge_groundedness",
                "judge_fluency")), 2, CLOCK)) {
            Map<String, EvaluationResult> byKey = byKey(runner.evaluate(List.of(request("a", "x".repeat(40)))));
            assertThat(byKey).containsOnlyKeys("a/judge_groundedness", "a/groundedness", "a/judge_fluency");
            EvaluationResult judge = byKey.get("a/judge_groundedness");
            assertThat(judge.getError()).isEqualTo("judge_unavailable");
            assertThat(judge.getScoreValue()).isNull();
            assertThat(judge.getExplanation()).startsWith("judge unavailable (judge_unavailable); degraded to the local"
                    + " groundedness evaluator");
            EvaluationResult local = byKey.get("a/groundedness");
            assertThat(local.getScoreValue()).isEqualTo(0.4);
            assertThat(local.getExplanation()).isEqualTo("fallback for judge_groundedness (judge unavailable): "
                    + "length 40");
            assertThat(local.getSamplingReasons()).containsExactly("base_rate", "fallback");
            // no local fluency evaluator: the error stands alone, without a promise of a fallback
            assertThat(byKey.get("a/judge_fluency").getExplanation()).doesNotContain("degraded");
        }
    }

    @Test
    void shouldNotDuplicateTheLocalResultWhenTheLocalEvaluatorRunsAnyway() {
        TestEvaluators.Length groundedness = new TestEvaluators.Length("groundedness");
        try (EvaluationRunner runner = new EvaluationRunner(new EvaluatorRegistry(List.of(
                new TestEvaluators.UnavailableJudge("judge_groundedness"), groundedness), List.of()), 2, CLOCK)) {
            List<EvaluationResult> results = runner.evaluate(List.of(request("a", "answer")));
            assertThat(results).extracting(EvaluationResult::getName)
                    .containsExactlyInAnyOrder("judge_groundedness", "groundedness");
            assertThat(groundedness.batches).containsExactly(1);
        }
    }

    @Test
    void shouldRecordJudgeUsageOnTheResult() {
        try (EvaluationRunner runner = new EvaluationRunner(new EvaluatorRegistry(List.of(
                new TestEvaluators.Judge()), List.of()), 1, CLOCK)) {
            EvaluationResult result = runner.evaluate(List.of(request("a", "answer"))).get(0);
            assertThat(result.getJudgeModel()).isEqualTo("gpt-4o-mini");
            assertThat(result.getInputTokens()).isEqualTo(120);
            assertThat(result.getOutputTokens()).isEqualTo(30);
            assertThat(result.getCostUsd()).isEqualTo(0.0004);
            assertThat(result.getLatencyMs()).isEqualTo(850);
            assertThat(result.getScoreValue()).isEqualTo(4.0);
        }
    }

    @Test
    void shouldRefuseDuplicateNamesAndUnknownDefaults() {
        assertThatThrownBy(() -> new EvaluatorRegistry(List.of(new TestEvaluators.Length("x"),
                new TestEvaluators.Length("x")), List.of())).hasMessageContaining("two evaluators are named 'x'");
        assertThatThrownBy(() -> new EvaluatorRegistry(List.of(new TestEvaluators.Length("x")), List.of("y")))
                .hasMessageContaining("eval.evaluators names 'y'");
    }

    @Test
    void shouldBuildTheEvaluationInputFromTheInteraction() {
        Interaction i = interaction("a", T0);
        i.setGroundTruth("Paris");
        var input = EvaluationRunner.input(i);
        assertThat(input.question()).isEqualTo("What is the capital of France?");
        assertThat(input.answer()).isEqualTo("Paris is the capital of France.");
        assertThat(input.context()).containsExactly("Paris is the capital of France.");
        assertThat(input.groundTruth()).isEqualTo("Paris");
        assertThat(input.tenant()).isEqualTo("acme");
    }
}
