package dev.genaimon.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvalCommandTest {

    private static final String LEXICAL = "refusal,length,repetition,format,fluency";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        CommandLine cli = GenaimonCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static String resource(String name) throws URISyntaxException {
        return Path.of(EvalCommandTest.class.getResource("/eval/" + name).toURI()).toString();
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            rows.add(JSON.readTree(l));
        }
        return rows;
    }

    @Test
    void shouldWriteOneLinePerInputAndEvaluatorAndExit0WithoutAGate() throws Exception {
        Path scores = dir.resolve("scores.jsonl");
        assertThat(run("eval", "run", "--in", resource("dataset.jsonl"), "--out", scores.toString(),
                "--evaluators", LEXICAL)).as(err.toString()).isZero();
        List<JsonNode> rows = lines(scores);
        assertThat(rows).hasSize(8 * 5);
        assertThat(rows.get(0).fieldNames()).toIterable().contains("id", "evaluator", "score", "passed");
        assertThat(rows).extracting(r -> r.get("id").asText()).contains("rag-001", "int-007");
        JsonNode refusal = rows.stream().filter(r -> r.get("id").asText().equals("rag-006")
                && r.get("evaluator").asText().equals("refusal")).findFirst().orElseThrow();
        assertThat(refusal.get("passed").asBoolean()).isFalse();
        assertThat(refusal.get("label").asText()).isEqualTo("refusal");
    }

    @Test
    void shouldFailTheGateWithExit1AndWriteAMarkdownSummary() throws Exception {
        Path summary = dir.resolve("summary.md");
        int code = run("eval", "run", "--in", resource("dataset.jsonl"), "--out", dir.resolve("s.jsonl").toString(),
                "--evaluators", LEXICAL, "--gate", resource("gate-lexical.yaml"), "--summary", summary.toString());
        assertThat(code).as(err.toString()).isEqualTo(1);
        assertThat(err.toString()).contains("FAIL refusal max_failures: failures 1, limit ≤ 0")
                .contains("PASS length min_pass_rate").contains("gate FAILED");
        String md = Files.readString(summary);
        assertThat(md).contains("gate FAILED").contains("| evaluator | mean | pass rate |")
                .contains("| refusal |").contains("`max_failures`").contains("❌");
    }

    @Test
    void shouldReportMalformedLinesWithTheirNumbersAndSkipThem() throws Exception {
        Path scores = dir.resolve("scores.jsonl");
        assertThat(run("eval", "run", "--in", resource("with-malformed.jsonl"), "--out", scores.toString(),
                "--evaluators", "length")).as(err.toString()).isZero();
        assertThat(err.toString()).contains("line 2: skipped: not JSON").contains("line 3: skipped: not JSON")
                .contains("line 5: skipped: missing \"answer\"").contains("line 7: skipped: \"context\" must be")
                .contains("4 malformed lines skipped").doesNotContain("line 4:");
        assertThat(lines(scores)).extracting(r -> r.get("id").asText()).containsExactly("a", "d");
    }

    @Test
    void shouldExitWith2OnUsageErrors() throws Exception {
        String data = resource("dataset.jsonl");
        String out = dir.resolve("o.jsonl").toString();
        assertThat(run("eval", "run", "--in", dir.resolve("missing.jsonl").toString(), "--out", out)).isEqualTo(2);
        assertThat(err.toString()).contains("--in").contains("no such file");
        assertThat(run("eval", "run", "--in", data, "--out", out, "--evaluators", "groundedness,vibes")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown evaluator 'vibes'");
        Path badGate = dir.resolve("bad-gate.yaml");
        Files.writeString(badGate, "evaluators:\n  groundedness:\n    min_meen: 0.8\n");
        assertThat(run("eval", "run", "--in", data, "--out", out, "--gate", badGate.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("unknown rule 'min_meen'");
        Path judge = dir.resolve("judge.yaml");
        // the bundled judge refuses a configuration without the model to call, before any request
        Files.writeString(judge, "endpoint: http://127.0.0.1:1/\n");
        assertThat(run("eval", "run", "--in", data, "--out", out, "--judge", judge.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("judge.deployment (Azure) or judge.model (OpenAI-compatible) is required");
        assertThat(run("eval", "run", "--in", data)).isEqualTo(2);
    }

    @Test
    void shouldScoreGroundednessWithTheBundledModelAndGateADropAgainstABaseline() throws Exception {
        Path scores = dir.resolve("scores.jsonl");
        Path baseline = dir.resolve("baseline.jsonl");
        Files.writeString(baseline, "{\"id\":\"old\",\"evaluator\":\"groundedness\",\"score\":0.99,\"passed\":true}\n");
        int code = run("eval", "run", "--in", resource("dataset.jsonl"), "--out", scores.toString(),
                "--evaluators", "groundedness,relevance", "--gate", resource("gate-groundedness.yaml"),
                "--baseline", baseline.toString());
        assertThat(code).as(err.toString()).isEqualTo(1);
        assertThat(err.toString()).contains("FAIL groundedness max_drop: mean drop from 0.990");
        Map<String, Double> groundedness = new HashMap<>();
        for (JsonNode r : lines(scores)) {
            if (r.get("evaluator").asText().equals("groundedness")) {
                groundedness.put(r.get("id").asText(), r.get("score").asDouble());
            }
        }
        assertThat(groundedness).hasSize(8);
        // invented designer and year / invented opening hours and professor score below the supported answers
        for (String supported : List.of("rag-001", "rag-002", "rag-003", "rag-005", "int-007")) {
            assertThat(groundedness.get(supported)).as(supported)
                    .isGreaterThan(groundedness.get("rag-004")).isGreaterThan(groundedness.get("rag-008"));
        }
    }
}
