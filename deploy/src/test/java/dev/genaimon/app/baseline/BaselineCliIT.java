package dev.genaimon.app.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.app.broker.SharedKafka;
import dev.genaimon.app.cli.GenaimonCommand;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import dev.genaimon.app.wiring.KafkaConnection;
import dev.genaimon.app.wiring.TopicAdmin;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code genaimon baseline build|list|show|deactivate} against a real broker. */
@ExtendWith(SharedKafka.class)
class BaselineCliIT {

    @Test
    void shouldBuildPublishListAndDeactivateABaselineFromTheExampleInteractions() throws Exception {
        GenaimonConfig config = GenaimonConfig.load(null, Map.of(), new Properties(),
                Map.of(ConfigKeys.BOOTSTRAP_SERVERS.name(), SharedKafka.bootstrapServers()));
        try (TopicAdmin admin = new TopicAdmin(new KafkaConnection(SharedKafka.bootstrapServers(), config), (short) 1)) {
            admin.createMissing(Duration.ofSeconds(30));
        }
        Path examples = repoRoot().resolve("docs/examples/interactions.ndjson");
        String bootstrap = "--bootstrap-servers=" + SharedKafka.bootstrapServers();

        String built = run("baseline", "build", bootstrap, "--name", "Support eval set", "--kind", "evaluation",
                "--segment", "acme/*/*/*", "--from", examples.toString());
        String listed = run("baseline", "list", bootstrap);
        String shown = run("baseline", "show", bootstrap, "support-eval-set");
        run("baseline", "deactivate", bootstrap, "support-eval-set");
        String relisted = run("baseline", "list", bootstrap);

        assertThat(built).contains("published baseline support-eval-set (evaluation, acme/*/*/*");
        assertThat(listed).contains("support-eval-set").contains("active").contains("acme/*/*/*");
        assertThat(shown).contains("response_chars").contains("latency_ms").contains("n=4");
        // the example prompts embedded by the bundled MiniLM for embedding drift
        assertThat(shown).containsPattern("\\(embeddings\\)\\s+vectors\\s+n=4\\s+dimension=384");
        assertThat(relisted).contains("inactive");
    }

    private static String run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int exit = GenaimonCommand.commandLine().execute(args);
            assertThat(exit).as("exit code of %s", String.join(" ", args)).isZero();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docs/examples/interactions.ndjson"))) {
            dir = dir.getParent();
        }
        return dir;
    }
}
