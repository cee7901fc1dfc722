package dev.genaimon.evaluators.judge;

import dev.genaimon.evaluators.judge.FakeChatServer.Answer;
import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.quality.EvaluationScore;
import org.junit.jupiter.api.AfterEach;
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

/**
 * The judge under load, through the real SDK: it keeps its concurrency limit full without exceeding it, and per
 * tenant it never makes more calls or uses more tokens than its budgets allow (counted at the server).
 */
class JudgeLoadTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T12:00:00Z"));
    private FakeChatServer server;
    private Judge judge;

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

    private Judge judge(String... overrides) {
        Map<String, String> raw = new HashMap<>();
        raw.put("judge.endpoint", server.baseUrl());
        raw.put("judge.api-key", "test-key");
        raw.put("judge.deployment", "judge-deployment");
        for (int i = 0; i < overrides.length; i += 2) {
            raw.put(overrides[i], overrides[i + 1]);
        }
        JudgeSettings settings = JudgeSettings.from(raw, name -> null);
        judge = new Judge(settings, OpenAiJudgeClient.create(settings), clock, duration -> { }, () -> 0.5);
        return judge;
    }

    private static List<EvaluationInput> inputs(String tenant, int count) {
        List<EvaluationInput> inputs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            inputs.add(new EvaluationInput(tenant + "-" + i, tenant, "What is " + tenant + " item " + i + "?",
                    "Item " + i + " is a widget.", List.of("Item " + i + " is a widget made in 2020."), null));
        }
        return inputs;
    }

    @Test
    void shouldKeepTheConfiguredConcurrencyFullWithoutExceedingIt() {
        int limit = 4;
        server.holdUntilInFlight(limit);
        Judge judge = judge("judge.max-concurrency", String.valueOf(limit), "judge.requests-per-minute", "1000");

        List<EvaluationScore> scores = judge.evaluateAll(Rubric.GROUNDEDNESS, inputs("acme", 48));

        assertThat(scores).hasSize(48).allSatisfy(score -> assertThat(score.value()).isEqualTo(4.0));
        assertThat(scores).extracting(EvaluationScore::name).containsOnly("judge_groundedness");
        assertThat(server.calls()).isEqualTo(48);
        assertThat(server.maxInFlight()).isEqualTo(limit);
        // Nearly every call ran while the limit was full; only the tail of the batch may not have.
        assertThat(server.sawFull()).isGreaterThanOrEqualTo(48 - (limit - 1));
    }

    @Test
    void shouldNeverMakeMoreCallsPerTenantThanItsRequestBudget() {
        Judge judge = judge("judge.max-concurrency", "4", "judge.requests-per-minute", "10");
        List<EvaluationInput> load = new ArrayList<>();
        List<EvaluationInput> acme = inputs("acme", 25);
        List<EvaluationInput> globex = inputs("globex", 25);
        for (int i = 0; i < 25; i++) {
            load.add(acme.get(i));
            load.add(globex.get(i));
        }

        List<EvaluationScore> scores = judge.evaluateAll(Rubric.RELEVANCE, load);

        assertThat(server.calls("acme")).isEqualTo(10);
        assertThat(server.calls("globex")).isEqualTo(10);
        assertThat(scores.stream().filter(s -> s.value() != null)).hasSize(20);
        List<EvaluationScore> refused = scores.stream().filter(EvaluationScore::failed).toList();
        assertThat(refused).hasSize(30).allSatisfy(score -> {
            assertThat(score.error()).isEqualTo(EvaluationScore.JUDGE_UNAVAILABLE);
            assertThat(score.explanation()).contains("requests-per-minute budget (10) spent");
            assertThat(score.usage().inputTokens()).isZero();
        });

        // Half a minute later half the budget has refilled, and no more.
        clock.advance(Duration.ofSeconds(30));
        judge.evaluateAll(Rubric.RELEVANCE, inputs("acme", 25).subList(10, 25));

        assertThat(server.calls("acme")).isEqualTo(15);
        assertThat(server.calls("globex")).isEqualTo(10);
    }

    @Test
    void shouldNeverUseMoreTokensPerTenantThanItsTokenBudget() {
        long budget = 20_000;
        server.otherwise(Answer.content("{\"score\": 5, \"reason\": \"ok\"}", 700, 40));
        Judge judge = judge("judge.max-concurrency", "4", "judge.requests-per-minute", "1000",
                "judge.tokens-per-hour", String.valueOf(budget));

        List<EvaluationScore> scores = new ArrayList<>(judge.evaluateAll(Rubric.GROUNDEDNESS, inputs("acme", 40)));
        scores.addAll(judge.evaluateAll(Rubric.GROUNDEDNESS, inputs("globex", 5)));

        long acmeTokens = server.tokens("acme");
        assertThat(acmeTokens).isLessThanOrEqualTo(budget);
        // The budget is used, not just respected: fewer than two calls' worth of worst case is left unspent.
        assertThat(acmeTokens).isGreaterThan(budget / 2);
        long recorded = scores.stream().filter(s -> s.name().equals("judge_groundedness") && s.value() != null)
                .filter(s -> s.usage().inputTokens() > 0)
                .mapToLong(s -> s.usage().inputTokens() + s.usage().outputTokens()).sum();
        assertThat(recorded).isEqualTo(acmeTokens + server.tokens("globex"));
        assertThat(scores.subList(0, 40)).anySatisfy(score -> {
            assertThat(score.error()).isEqualTo(EvaluationScore.JUDGE_UNAVAILABLE);
            assertThat(score.explanation()).contains("tokens-per-hour budget (20000) spent");
        });
        // Another tenant's budget is its own.
        assertThat(server.calls("globex")).isEqualTo(5);
    }
}
