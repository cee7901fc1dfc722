package dev.genaimon.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleParserTest {

    private static List<RuleError> errorsOf(String yaml) {
        try {
            RuleParser.parse(yaml, "rules.yaml");
        } catch (RuleValidationException e) {
            return e.errors();
        }
        throw new AssertionError("expected validation errors");
    }

    @Test
    void shouldParseEveryFieldOfAThresholdRule() throws Exception {
        RuleSet set = RuleParser.parse("""
                rules:
                  - name: Injection
                    signal: safety.injection.rate
                    match:
                      tenant: acme
                      app: "=~support-.*"
                      model: "!=gpt-35"
                      prompt: "!~draft.*"
                    condition: "> 0.05"
                    min_samples: 20
                    for: 2
                    keep_firing_for: 10m
                    severity: critical
                    labels: {team: safety}
                    annotations:
                      summary: "{{ value | pct }} in {{ segment }}"
                      runbook_url: https://runbooks.invalid/x
                    retrain: true
                    retrain_cooldown: 12h
                """, "rules.yaml");
        Rule rule = set.rules().get(0);
        assertThat(rule.name()).isEqualTo("Injection");
        assertThat(rule.kind()).isEqualTo(RuleKind.THRESHOLD);
        assertThat(rule.condition().op()).isEqualTo(Condition.Op.GT);
        assertThat(rule.minSamples()).isEqualTo(20);
        assertThat(rule.forSpan()).isEqualTo(Span.ofWindows(2));
        assertThat(rule.keepFiringFor()).isEqualTo(Span.of(Duration.ofMinutes(10)));
        assertThat(rule.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(rule.labels()).containsEntry("team", "safety");
        assertThat(rule.retrain()).isTrue();
        assertThat(rule.retrainCooldown()).isEqualTo(Duration.ofHours(12));
        assertThat(rule.line()).isEqualTo(2);
        assertThat(rule.matches(Map.of("tenant", "acme", "app", "support-bot", "model", "gpt-4o", "prompt", "v3")))
                .isTrue();
        assertThat(rule.matches(Map.of("tenant", "acme", "app", "support-bot", "model", "gpt-35", "prompt", "v3")))
                .isFalse();
        assertThat(rule.matches(Map.of("tenant", "acme", "app", "sales", "model", "gpt-4o"))).isFalse();
        assertThat(rule.matches(Map.of("tenant", "acme", "app", "support-bot", "prompt", "draft-2"))).isFalse();
    }

    @Test
    void shouldReportUnknownKeyWithLineAndRuleName() {
        List<RuleError> errors = errorsOf("""
                rules:
                  - name: Latency
                    signal: ops.latency.p95_ms
                    condition: "> 500"
                    treshold: 3
                """);
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).toString())
                .startsWith("rules.yaml:5: rule 'Latency': unknown key 'treshold' (known: name, kind");
    }

    @Test
    void shouldReportEveryProblemOfTheFileWithItsLine() {
        List<RuleError> errors = errorsOf("""
                rules:
                  - name: A
                    signal: ops.error_rate
                    condition: ">> 0.5"
                  - name: B
                    signal: ops.error_rate
                    condition: "> 0.5"
                    severity: page
                  - name: C
                    signal: ops.error_rate
                    condition: "outside [5, 1]"
                    for: 5 minutes
                  - name: A
                    signal: ops.error_rate
                    condition: "< 1"
                  - name: D
                    kind: absence
                    signal: ops.request_count
                    for: 3
                """);
        assertThat(errors).extracting(RuleError::toString).containsExactly(
                "rules.yaml:4: rule 'A': bad condition '>> 0.5': " + Condition.EXPECTED,
                "rules.yaml:8: rule 'B': unknown severity 'page' (expected critical, warning, info)",
                "rules.yaml:11: rule 'C': bad condition 'outside [5, 1]': range [5.0, 1.0] is empty (a must be <= b)",
                "rules.yaml:12: rule 'C': bad duration '5 minutes' for 'for' (expected e.g. 90s, 10m, 1h, 1d)",
                "rules.yaml:13: rule 'A': duplicate rule name (first at line 2)",
                "rules.yaml:19: rule 'D': absence rules need 'for' as a duration (how long the signal may be missing),"
                        + " e.g. 15m");
    }

    @Test
    void shouldRejectBadTemplatesAndAnnotations() {
        List<RuleError> errors = errorsOf("""
                rules:
                  - name: T
                    signal: cost.usd
                    condition: "> 1"
                    annotations:
                      summary: "{{ valeu }}"
                      description: "{{ value | percent }}"
                      owner: me
                """);
        assertThat(errors).extracting(RuleError::line).containsExactly(6, 7, 8);
        assertThat(errors.get(0).reason()).contains("unknown template expression 'valeu'");
        assertThat(errors.get(1).reason()).contains("unknown template formatter 'percent'");
        assertThat(errors.get(2).reason()).contains("unknown annotation 'owner'");
    }

    @Test
    void shouldReportYamlSyntaxErrorsWithLine() {
        List<RuleError> errors = errorsOf("rules:\n  - name: X\n    signal: [unclosed\n");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).reason()).startsWith("not valid YAML");
        assertThat(errors.get(0).line()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void shouldParseBurnRateAndValidateItsWindows() throws Exception {
        RuleSet set = RuleParser.parse("""
                rules:
                  - name: Budget
                    kind: burn_rate
                    objective: 0.99
                    windows:
                      - {short: 5m, long: 1h, factor: 14.4}
                """, "r.yaml");
        Rule rule = set.rules().get(0);
        assertThat(rule.burnWindows()).containsExactly(
                new BurnWindow(Duration.ofMinutes(5), Duration.ofHours(1), 14.4));
        assertThat(rule.readsSignal("ops.error_rate")).isTrue();
        assertThat(rule.readsSignal("ops.request_count")).isTrue();
        assertThat(rule.readsSignal("ops.throttle_rate")).isFalse();

        assertThat(errorsOf("""
                rules:
                  - name: Budget
                    kind: burn_rate
                    objective: 1.5
                    windows:
                      - {short: 1h, long: 5m, factor: 14.4}
                """)).extracting(RuleError::reason).containsExactly(
                "'objective' must be between 0 and 1 (exclusive), got 1.5",
                "burn-rate window: short (1h) must be positive and shorter than long (5m)");
    }

    @Test
    void shouldMatchSignalWildcards() throws Exception {
        Rule rule = RuleParser.parse("""
                rules:
                  - {name: Drift, signal: "drift.*.detected", condition: "== 1"}
                """, "r.yaml").rules().get(0);
        assertThat(rule.readsSignal("drift.prompt_tokens.detected")).isTrue();
        assertThat(rule.readsSignal("drift.prompt_tokens.psi")).isFalse();
        assertThat(rule.readsSignal("drift-x-detected")).isFalse();
    }

    @Test
    void shouldRejectAFileWithoutRules() {
        assertThat(errorsOf("")).extracting(RuleError::reason)
                .containsExactly("empty rule file (expected 'rules:' with a list of rules)");
        assertThat(errorsOf("alerts: []\n")).extracting(RuleError::toString)
                .containsExactly("rules.yaml:1: unknown key 'alerts' (expected 'rules')");
    }

    @Test
    void shouldLoadTheBundledDefaultRules() {
        RuleSet defaults = RuleFile.bundledDefaults().get();
        assertThat(defaults.rules()).extracting(Rule::name).contains("PromptAttackSurge", "PiiInResponses",
                "HarmfulOutput", "GroundednessDecay", "FeatureDrift", "LatencySLO", "HighErrorRate",
                "ErrorBudgetBurn", "Throttling", "CostBurn", "SilentSegment");
        assertThat(defaults.byName("FeatureDrift").orElseThrow().retrain()).isTrue();
    }

    @Test
    void shouldRejectMalformedDurations() {
        assertThatThrownBy(() -> DurationText.parse("5 minutes")).isInstanceOf(IllegalArgumentException.class);
        assertThat(DurationText.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationText.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(DurationText.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    }
}
