package dev.genaimon.processors.drift;

import static dev.genaimon.processors.drift.DriftHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genaimon.schemas.avro.DriftReport;
import dev.genaimon.schemas.avro.Signal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Skew on real traffic: the baseline is gpt-4-0613's answers to the 500 Arena-Hard prompts (an evaluation set), then
 * the same deployment starts answering with gpt-3.5-turbo-0125. Prompts are identical, so prompt_chars must stay
 * quiet; the answers are shorter (scipy, exact: response_chars KS p 0.0047, W/σ 0.21; response_words KS p 0.0019,
 * W/σ 0.30). Skipped with a message when ../shared is not mounted; the synthetic tests in DriftTopologyTest always run.
 */
class ArenaScenarioTest {

    private static final String CORPUS = "corpora/production_traffic/arena_hard_v01_model_answers.jsonl";

    private static Path corpus() {
        for (String root : List.of("../shared", "../../shared", "/work/shared")) {
            Path p = Path.of(root, CORPUS);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static Map<String, Object> features(JsonNode answer) {
        String response = answer.get("response").asText();
        return Map.of(
                "prompt_chars", answer.get("prompt_chars").asDouble(),
                "response_chars", answer.get("response_chars").asDouble(),
                "response_words", (double) response.split("\\s+").length,
                "response_lines", (double) response.split("\n", -1).length,
                "code_blocks", (double) (response.split("```", -1).length - 1) / 2);
    }

    @Test
    void shouldFlagShorterAnswersInTheFirstWindowAfterAModelSwap() throws IOException {
        Path file = corpus();
        Assumptions.assumeTrue(file != null, "skipped: ../shared/" + CORPUS + " not found (shared corpora not mounted)");
        ObjectMapper mapper = new ObjectMapper();
        List<Map<String, Object>> gpt4 = new ArrayList<>();
        List<Map<String, Object>> gpt35 = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            JsonNode answer = mapper.readTree(line);
            String model = answer.get("model").asText();
            if (model.equals("gpt-4-0613")) {
                gpt4.add(features(answer));
            } else if (model.equals("gpt-3.5-turbo-0125")) {
                gpt35.add(features(answer));
            }
        }
        assertThat(gpt4).hasSize(500);
        assertThat(gpt35).hasSize(500);

        Duration window = Duration.ofMinutes(10);
        try (DriftHarness h = new DriftHarness(DriftTopologySettings.tumbling(window, Duration.ZERO)
                .withConsecutiveWindows(1))) {
            h.baseline(BaselineBuilder.fromRows(new BaselineBuilder.Spec("arena-gpt-4-0613", "arena-hard gpt-4-0613",
                    BaselineBuilder.EVALUATION, "acme/bot/*/*", file.getFileName() + " model=gpt-4-0613",
                    T0.minus(Duration.ofDays(1)), BaselineBuilder.Spec.DEFAULT_NUMERIC_K), gpt4));
            long step = window.toMillis() / gpt35.size();
            for (int i = 0; i < gpt35.size(); i++) {
                h.send(T0.plusMillis(i * step), gpt35.get(i));
            }
            h.tick(T0.plus(window));

            DriftReport report = h.reports().get(0);
            Map<String, String> verdicts = DriftHarness.verdicts(report);
            System.out.println("arena skew gpt-4-0613 -> gpt-3.5-turbo-0125: " + verdicts);
            report.getFeatures().forEach(f -> System.out.println("  " + f.getName() + " " + f.getStatistics() + " " + f.getMethod()));
            assertThat(report.getBaselineId()).isEqualTo("arena-gpt-4-0613");
            assertThat(verdicts).containsEntry("response_chars", "drift").containsEntry("response_words", "drift");
            assertThat(verdicts.get("prompt_chars")).isEqualTo("no_drift");
            List<Signal> detected = h.signals().stream().filter(s -> s.getName().endsWith(".detected")
                    && s.getValue() == 1.0).toList();
            assertThat(detected).extracting(Signal::getName)
                    .contains("skew.response_chars.detected", "skew.response_words.detected")
                    .doesNotContain("skew.prompt_chars.detected");
        }
    }
}
