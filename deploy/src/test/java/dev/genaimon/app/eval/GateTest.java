package dev.genaimon.app.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateTest {

    @TempDir
    Path dir;

    private Gate gate(String yaml) throws Exception {
        Path f = dir.resolve("gate.yaml");
        Files.writeString(f, yaml);
        return Gate.load(f);
    }

    private static List<ScoreLine> lines(String evaluator, Double... scores) {
        return java.util.Arrays.stream(scores)
                .map(s -> new ScoreLine("id", evaluator, s, s != null && s >= 0.5, null, null)).toList();
    }

    @Test
    void shouldApplyEveryRuleToTheStats() throws Exception {
        Gate g = gate("settings:\n  groundedness.threshold: 0.6\nevaluators:\n  groundedness:\n    min_mean: 0.5\n"
                + "    min_pass_rate: 0.7\n    max_failures: 1\n    max_errors: 0\n");
        assertThat(g.settings()).containsEntry("groundedness.threshold", "0.6");
        var stats = EvaluatorStats.of(lines("groundedness", 0.9, 0.8, 0.2, null));
        var checks = g.evaluate(stats, Map.of());
        assertThat(checks).extracting(Gate.Check::rule, Gate.Check::passed).containsExactly(
                org.assertj.core.groups.Tuple.tuple("min_mean", true),       // mean of scored = 0.633
                org.assertj.core.groups.Tuple.tuple("min_pass_rate", false), // 2 of 4
                org.assertj.core.groups.Tuple.tuple("max_failures", false),  // 0.2 and the error
                org.assertj.core.groups.Tuple.tuple("max_errors", false));
    }

    @Test
    void shouldCompareWithTheBaselineAndSkipTheRuleWithoutOne() throws Exception {
        Gate g = gate("evaluators:\n  relevance:\n    max_drop: 0.05\n");
        var now = EvaluatorStats.of(lines("relevance", 0.7, 0.7));
        assertThat(g.evaluate(now, EvaluatorStats.of(lines("relevance", 0.74))).get(0).passed()).isTrue();
        assertThat(g.evaluate(now, EvaluatorStats.of(lines("relevance", 0.80))).get(0).passed()).isFalse();
        Gate.Check skipped = g.evaluate(now, Map.of()).get(0);
        assertThat(skipped.passed()).isTrue();
        assertThat(skipped.message()).startsWith("skipped: no baseline scores for relevance");
    }

    @Test
    void shouldFailRulesForEvaluatorsThatDidNotRun() throws Exception {
        var checks = gate("evaluators:\n  coherence:\n    min_mean: 0.1\n").evaluate(Map.of(), Map.of());
        assertThat(checks.get(0).passed()).isFalse();
        assertThat(checks.get(0).message()).contains("no results for coherence");
    }

    @Test
    void shouldRejectUnknownKeysAndNonNumbers() {
        assertThatThrownBy(() -> gate("evaluators:\n  relevance:\n    min_mean: high\n"))
                .hasMessageContaining("relevance.min_mean must be a number");
        assertThatThrownBy(() -> gate("thresholds: {}\n")).hasMessageContaining("unknown key 'thresholds'");
        assertThatThrownBy(() -> gate("evaluators: [\n")).hasMessageContaining("not valid YAML");
    }
}
