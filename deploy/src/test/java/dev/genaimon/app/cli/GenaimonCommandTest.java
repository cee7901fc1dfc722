package dev.genaimon.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenaimonCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = GenaimonCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void shouldPrintHelpForEveryCommand() {
        for (String command : new String[] {"run", "broker", "topics", "tail", "drift", "apikey", "config"}) {
            assertThat(run(command, "--help")).as(command).isZero();
        }
        assertThat(out.toString()).contains("Usage: genaimon run").contains("Usage: genaimon tail")
                .contains("--from-beginning").contains("--data-dir");
    }

    @Test
    void shouldRejectBadFlagsWithExitCode2AndSaySo() {
        assertThat(run("tail")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter: 'TOPIC'");
        assertThat(run("run", "--port", "eighty")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--port': 'eighty' is not an int");
        assertThat(run("nonsense")).isEqualTo(2);
        assertThat(err.toString()).contains("Unmatched argument");
    }

    @Test
    void shouldRefuseABadConfigFileWithTheKeyAndExitCode2(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "ingest:\n  port: -1\n");

        assertThat(run("config", "--config", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("ingest.port (from " + file + "): expected an integer in [0, 65535], got -1");
    }

    @Test
    void shouldPrintTheConfigurationReference() {
        assertThat(run("config", "--keys")).isZero();
        assertThat(out.toString()).contains("| `ingest.max-body-bytes` | `1048576` | `GENAIMON_INGEST_MAX_BODY_BYTES` |");
    }
}
