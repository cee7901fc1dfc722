package dev.genaimon.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleFileTest {

    private static final String GOOD = """
            rules:
              - {name: Errors, signal: ops.error_rate, condition: "> 0.1"}
            """;
    private static final String TWO = """
            rules:
              - {name: Errors, signal: ops.error_rate, condition: "> 0.1"}
              - {name: Slow, signal: ops.latency.p95_ms, condition: "> 900"}
            """;

    @TempDir
    Path dir;

    @Test
    void shouldKeepThePreviousRulesOnABadReloadAndExposeTheError() throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, GOOD);
        RuleFile rules = RuleFile.load(file);
        assertThat(rules.get().rules()).hasSize(1);

        Files.writeString(file, "rules:\n  - name: Errors\n    signal: ops.error_rate\n    condition: \"> x\"\n");
        assertThat(rules.reload()).isFalse();
        assertThat(rules.get().rules()).extracting(Rule::name).containsExactly("Errors");
        assertThat(rules.get().rules().get(0).condition().text()).isEqualTo("> 0.1");
        assertThat(rules.lastError()).isNotNull();
        assertThat(rules.lastError().errors().get(0).toString()).startsWith("rules.yaml:4: rule 'Errors': bad condition");

        Files.writeString(file, TWO);
        assertThat(rules.reload()).isTrue();
        assertThat(rules.get().rules()).hasSize(2);
        assertThat(rules.lastError()).isNull();
    }

    @Test
    void shouldKeepTheRulesWhenTheFileDisappears() throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, GOOD);
        RuleFile rules = RuleFile.load(file);
        Files.delete(file);
        assertThat(rules.reload()).isFalse();
        assertThat(rules.get().rules()).hasSize(1);
        assertThat(rules.lastError().getMessage()).contains("file not found");
    }

    @Test
    void shouldFailLoadingABadFile() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "rules:\n  - name: X\n    signal: s\n    condition: \"> 1\"\n    severity: loud\n");
        assertThatThrownBy(() -> RuleFile.load(file)).isInstanceOf(RuleValidationException.class)
                .hasMessageContaining("bad.yaml:5: rule 'X': unknown severity 'loud'");
    }

    @Test
    void shouldPickUpChangesWhileWatching() throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, GOOD);
        try (RuleFile rules = RuleFile.load(file).watch(Duration.ofMillis(50))) {
            Files.writeString(file, TWO);
            await().atMost(Duration.ofSeconds(10)).until(() -> rules.get().rules().size() == 2);
        }
    }
}
