package dev.genaimon.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RunCommandTest {

    @Test
    void shouldEnableOnlyTheNamedComponents() {
        Map<String, String> overrides = RunCommand.componentOverrides(List.of("enrich", "ops"));

        assertThat(overrides).containsEntry("enrich.enabled", "true").containsEntry("ops.enabled", "true")
                .containsEntry("drift.enabled", "false").containsEntry("ingest.enabled", "false")
                .doesNotContainKey("ingest.rate-limit.enabled");
    }

    @Test
    void shouldRejectAnUnknownComponentWithExitCode2() {
        assertThatThrownBy(() -> RunCommand.componentOverrides(List.of("ingest", "alertz")))
                .hasMessageContaining("Unknown component 'alertz'")
                .hasMessageContaining("known: alerting, azure-monitor, dashboard, drift, enrich, eval, ingest, notify, ops, view");

        StringWriter err = new StringWriter();
        CommandLine cli = GenaimonCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("run", "--components", "nope")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown component 'nope' for --components");
    }
}
