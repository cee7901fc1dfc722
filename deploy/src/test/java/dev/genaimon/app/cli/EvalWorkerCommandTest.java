package dev.genaimon.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EvalWorkerCommandTest {

    @Test
    void shouldDescribeTheWorkerOptions() {
        StringWriter out = new StringWriter();
        CommandLine cli = GenaimonCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute("eval-worker", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: genaimon eval-worker").contains("--instance-id")
                .contains("--evaluators").contains("--batch-size").contains("--metrics-port");
    }

    @Test
    void shouldRejectABadBatchSizeWithExitCode2() {
        StringWriter err = new StringWriter();
        CommandLine cli = GenaimonCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("eval-worker", "--batch-size", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("eval.worker.batch-size");
    }
}
