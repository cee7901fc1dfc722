package dev.genaimon.evaluators.judge;

import dev.genaimon.evaluators.judge.FakeChatServer.Answer;
import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.quality.EvaluationScore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The judge end to end through the real azure-ai-openai SDK and the JDK HTTP client, against a scripted
 * chat-completions server on 127.0.0.1.
 */
class JudgeThroughSdkTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T12:00:00Z"));
    private final List<Duration> waits = new ArrayList<>();
    private FakeChatServer server;
    private Judge judge;

    /**
     * The first call in a JVM loads the SDK, reactor and the JDK HTTP client (seconds on a busy 2-core machine); done
     * once here so the timeout tests measure the judge's timeout, not class loading.
     */
    @BeforeAll
    static void warmUp() throws IOException {
        try (FakeChatServer warm = new FakeChatServer()) {
            JudgeSettings settings = JudgeSettings.from(Map.of("judge.endpoint", warm.baseUrl(),
                    "judge.api-key", "k", "judge.deployment", "d"), name -> null);
            OpenAiJudgeClient.create(settings).complete(new JudgeClient.JudgeRequest("warm-up", "s", "u", 10));
        }
    }

    @BeforeEach
    void start() throws IOException {
        server = new FakeChatServer();
    }

    @AfterEach
    void stop() {
        if (judge != null) {
            judge.close();
        }
        server.close();
    }

    private Map<String, String> azure(String... overrides) {
        Map<String, String> settings = new HashMap<>();
        settings.put("judge.endpoint", server.baseUrl());
        settings.put("judge.kind", "azure");
        settings.put("judge.api-key", "test-key");
        settings.put("judge.deployment", "judge-deployment");
        settings.put("judge.price.input-per-1k", "0.5");
        settings.put("judge.price.output-per-1k", "1.5");
        settings.put("judge.backoff.initial", "100ms");
        settings.put("judge.backoff.max", "5s");
        for (int i = 0; i < overrides.length; i += 2) {
            settings.put(overrides[i], overrides[i + 1]);
        }
        return settings;
    }

    private Judge judge(Map<String, String> raw) {
        JudgeSettings settings = JudgeSettings.from(raw, name -> null);
        // Waits are recorded, not slept: the test checks what the judge asked for, fast.
        judge = new Judge(settings, OpenAiJudgeClient.create(settings), clock, waits::add, () -> 0.5);
        return judge;
    }

    private static EvaluationInput input(String id, String tenant) {
        return new EvaluationInput(id, tenant, "When was the bridge opened?", "It opened in 1932 (" + id + ").",
                List.of("The bridge opened to traffic in 1932."), null);
    }

    @Test
    void shouldScoreThroughTheAzureChatCompletionsApi() {
        server.then(Answer.score(5, "Every claim is in the context."));
        Judge judge = judge(azure());

        EvaluationScore score = judge.evaluate(Rubric.GROUNDEDNESS, input("a", "acme"));

        assertThat(score.error()).isNull();
        assertThat(score.name()).isEqualTo("judge_groundedness");
        assertThat(score.value()).isEqualTo(5.0);
        assertThat(score.passed()).isTrue();
        assertThat(score.label()).isEqualTo("pass");
        assertThat(score.explanation()).isEqualTo("Every claim is in the context.");
        assertThat(score.usage().judgeModel()).isEqualTo("judge-deployment");
        assertThat(score.usage().inputTokens()).isEqualTo(100);
        assertThat(score.usage().outputTokens()).isEqualTo(20);
        assertThat(score.usage().costUsd()).isCloseTo(0.1 * 0.5 + 0.02 * 1.5, within(1e-12));

        FakeChatServer.Seen seen = server.seen().get(0);
        assertThat(seen.path()).isEqualTo("/openai/deployments/judge-deployment/chat/completions");
        assertThat(seen.query()).startsWith("api-version=");
        assertThat(seen.header("api-key")).isEqualTo("test-key");
        assertThat(seen.header("authorization")).isNull();
        assertThat(seen.body().path("response_format").path("type").asText()).isEqualTo("json_object");
        assertThat(seen.body().path("temperature").asDouble()).isZero();
        assertThat(seen.body().path("max_tokens").asInt()).isEqualTo(200);
        assertThat(seen.body().path("user").asText()).isEqualTo("acme");
        assertThat(seen.body().path("messages").get(0).path("content").asText()).contains("supported by the CONTEXT");
        assertThat(seen.body().path("messages").get(1).path("content").asText())
                .contains("<context>\n[1] The bridge opened to traffic in 1932.");
    }

    @Test
    void shouldScoreThroughAnOpenAiCompatibleEndpoint() {
        server.then(Answer.score(2, "Touches the topic only."));
        Map<String, String> settings = new HashMap<>();
        settings.put("judge.endpoint", server.baseUrl() + "/v1");
        settings.put("judge.kind", "openai");
        settings.put("judge.api-key-env", "JUDGE_KEY");
        settings.put("judge.model", "qwen2.5:7b");
        JudgeSettings parsed = JudgeSettings.from(settings, name -> name.equals("JUDGE_KEY") ? "sk-local" : null);
        judge = new Judge(parsed, OpenAiJudgeClient.create(parsed), clock, waits::add, () -> 0.5);

        EvaluationScore score = judge.evaluate(Rubric.RELEVANCE, input("b", "acme"));

        assertThat(score.value()).isEqualTo(2.0);
        assertThat(score.passed()).isFalse();
        assertThat(score.label()).isEqualTo("fail");
        assertThat(score.usage().judgeModel()).isEqualTo("qwen2.5:7b");
        FakeChatServer.Seen seen = server.seen().get(0);
        assertThat(seen.path()).isEqualTo("/v1/chat/completions");
        assertThat(seen.header("authorization")).isEqualTo("Bearer sk-local");
        assertThat(seen.body().path("model").asText()).isEqualTo("qwen2.5:7b");
    }

    @Test
    void shouldAskAgainOnceWhenTheAnswerIsMalformed() {
        server.then(Answer.content("The answer looks grounded, I'd say 4.", 90, 15), Answer.score(4, "Supported."));
        Judge judge = judge(azure());

        EvaluationScore score = judge.evaluate(Rubric.GROUNDEDNESS, input("c", "acme"));

        assertThat(score.value()).isEqualTo(4.0);
        assertThat(server.calls()).isEqualTo(2);
        assertThat(server.seen().get(1).body().path("messages").get(0).path("content").asText())
                .contains("Your previous reply was rejected (not JSON");
        // Both answers were paid for.
        assertThat(score.usage().inputTokens()).isEqualTo(190);
        assertThat(score.usage().outputTokens()).isEqualTo(35);
    }

    @Test
    void shouldRecordAnErrorNotAScoreWhenTheAnswerIsMalformedTwice() {
        server.then(Answer.content("{\"score\": 7, \"reason\": \"great\"}", 90, 15),
                Answer.content("{\"rating\": \"good\"}", 90, 15),
                Answer.score(5, "never asked for"));
        Judge judge = judge(azure());

        EvaluationScore score = judge.evaluate(Rubric.GROUNDEDNESS, input("d", "acme"));

        assertThat(score.error()).isEqualTo(Judge.INVALID_ANSWER);
        assertThat(score.value()).isNull();
        assertThat(score.passed()).isNull();
        assertThat(score.explanation()).contains("\"score\" missing");
        assertThat(score.usage().inputTokens()).isEqualTo(180);
        assertThat(server.calls()).isEqualTo(2);
    }

    @Test
    void shouldGiveUpOnASlowJudgeAfterTheTimeoutAndRetry() {
        server.then(Answer.hanging(), Answer.hanging());
        Judge judge = judge(azure("judge.timeout", "500ms", "judge.max-retries", "1"));

        EvaluationScore score = judge.evaluate(Rubric.FLUENCY, input("e", "acme"));

        assertThat(score.error()).isEqualTo(EvaluationScore.JUDGE_UNAVAILABLE);
        assertThat(score.explanation()).contains("timed out").contains("after 2 attempts");
        assertThat(score.usage().latencyMs()).isGreaterThanOrEqualTo(1000);
        assertThat(server.calls()).isEqualTo(2);
    }

    @Test
    void shouldRecoverWhenTheRetryAfterATimeoutIsAnswered() {
        server.then(Answer.hanging(), Answer.score(5, "Fluent."));
        Judge judge = judge(azure("judge.timeout", "500ms", "judge.max-retries", "1"));

        EvaluationScore score = judge.evaluate(Rubric.FLUENCY, input("f", "acme"));

        assertThat(score.value()).isEqualTo(5.0);
        assertThat(server.calls()).isEqualTo(2);
    }

    @Test
    void shouldHonourRetryAfterOnTooManyRequests() {
        server.then(Answer.status(429, Map.of("Retry-After", "2")),
                Answer.status(429, Map.of("retry-after-ms", "150", "Retry-After", "1")),
                Answer.score(4, "Relevant."));
        Judge judge = judge(azure());

        EvaluationScore score = judge.evaluate(Rubric.RELEVANCE, input("g", "acme"));

        assertThat(score.value()).isEqualTo(4.0);
        assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofMillis(150));
        assertThat(server.calls()).isEqualTo(3);
    }

    @Test
    void shouldNotWaitLongerThanTheBackoffCapForARetryAfter() {
        server.then(Answer.status(429, Map.of("Retry-After", "120")));
        Judge judge = judge(azure());

        EvaluationScore score = judge.evaluate(Rubric.RELEVANCE, input("h", "acme"));

        assertThat(score.error()).isEqualTo(EvaluationScore.JUDGE_UNAVAILABLE);
        assertThat(score.explanation()).contains("HTTP 429").contains("120s");
        assertThat(waits).isEmpty();
        assertThat(server.calls()).isEqualTo(1);
    }

    @Test
    void shouldBackOffExponentiallyOnServerErrorsThenRecover() {
        server.then(Answer.status(503, Map.of()), Answer.status(502, Map.of()), Answer.status(500, Map.of()),
                Answer.score(3, "Partly."));
        Judge judge = judge(azure());

        EvaluationScore score = judge.evaluate(Rubric.COHERENCE, input("i", "acme"));

        assertThat(score.value()).isEqualTo(3.0);
        assertThat(score.passed()).isFalse();
        // 100 ms doubling, equal jitter at random = 0.5: 3/4 of the nominal wait.
        assertThat(waits).containsExactly(Duration.ofMillis(75), Duration.ofMillis(150), Duration.ofMillis(300));
        assertThat(judge.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void shouldNotRetryARequestTheServiceRejects() {
        server.then(Answer.status(400, Map.of()));
        Judge judge = judge(azure());

        EvaluationScore score = judge.evaluate(Rubric.COHERENCE, input("j", "acme"));

        assertThat(score.error()).isEqualTo(Judge.REJECTED);
        assertThat(score.explanation()).contains("HTTP 400");
        assertThat(server.calls()).isEqualTo(1);
    }

    @Test
    void shouldOpenTheBreakerAfterConsecutiveFailuresAndProbeAfterTheCoolDown() {
        server.then(Answer.status(500, Map.of()), Answer.status(503, Map.of()), Answer.status(500, Map.of()));
        Judge judge = judge(azure("judge.max-retries", "0", "judge.breaker.failure-threshold", "3",
                "judge.breaker.cool-down", "30s"));

        for (String id : List.of("k1", "k2", "k3")) {
            assertThat(judge.evaluate(Rubric.COHERENCE, input(id, "acme")).explanation()).contains("HTTP 5");
        }
        EvaluationScore refused = judge.evaluate(Rubric.COHERENCE, input("k4", "acme"));

        assertThat(refused.error()).isEqualTo(EvaluationScore.JUDGE_UNAVAILABLE);
        assertThat(refused.explanation()).contains("circuit breaker open");
        assertThat(server.calls()).isEqualTo(3);

        clock.advance(Duration.ofSeconds(31));
        EvaluationScore probe = judge.evaluate(Rubric.COHERENCE, input("k5", "acme"));

        assertThat(probe.value()).isEqualTo(4.0);
        assertThat(judge.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(server.calls()).isEqualTo(4);
    }

    @Test
    void shouldServeAReplayFromTheCacheWithoutCallingAgain() {
        server.then(Answer.score(5, "Supported."));
        Judge judge = judge(azure());

        EvaluationScore first = judge.evaluate(Rubric.GROUNDEDNESS, input("l", "acme"));
        EvaluationScore replay = judge.evaluate(Rubric.GROUNDEDNESS, input("l", "acme"));
        EvaluationScore otherRubric = judge.evaluate(Rubric.FLUENCY, input("l", "acme"));

        assertThat(replay.value()).isEqualTo(first.value());
        assertThat(replay.explanation()).isEqualTo(first.explanation());
        assertThat(replay.usage().inputTokens()).isZero();
        assertThat(replay.usage().costUsd()).isZero();
        assertThat(otherRubric.error()).isNull();
        assertThat(server.calls()).isEqualTo(2);
    }

    @Test
    void shouldNotCallTheJudgeWhenTheRubricLacksItsInput() {
        Judge judge = judge(azure());

        EvaluationScore score = judge.evaluate(Rubric.SIMILARITY, input("m", "acme"));

        assertThat(score.error()).isEqualTo(Judge.MISSING_INPUT);
        assertThat(score.explanation()).contains("ground truth");
        assertThat(server.calls()).isZero();
    }
}
