package dev.genaimon.evaluators.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftComparisonTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @TempDir
    Path dir;

    private Path rows(String name, int n, double shift, String[] models, double[] weights) throws IOException {
        Random rnd = new Random(name.hashCode());
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            double u = rnd.nextDouble();
            String model = models[models.length - 1];
            double acc = 0;
            for (int m = 0; m < models.length; m++) {
                acc += weights[m];
                if (u < acc) {
                    model = models[m];
                    break;
                }
            }
            String latency = i % 50 == 0 ? "null" : String.format(Locale.ROOT, "%.3f", Math.exp(rnd.nextGaussian() * 0.4 + 6 + shift));
            b.append(String.format(Locale.ROOT,
                    "{\"prompt_tokens\": %d, \"latency_ms\": %s, \"model\": \"%s\", \"streamed\": %s}%n",
                    200 + rnd.nextInt(300), latency, model, rnd.nextBoolean()));
        }
        Path file = dir.resolve(name);
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void shouldCompareJsonLinesFeatureRowsAndWriteJsonAndHtmlReports() throws IOException {
        Path ref = rows("ref.jsonl", 2000, 0.0, new String[] {"gpt-4o", "gpt-4o-mini"}, new double[] {0.7, 0.3});
        Path cur = rows("cur.jsonl", 1500, 0.3, new String[] {"gpt-4o", "gpt-4o-mini", "o3"}, new double[] {0.4, 0.3, 0.3});
        Path json = dir.resolve("report.json");
        Path html = dir.resolve("report.html");

        DriftComparison.Summary summary = new DriftComparison(DriftSettings.DEFAULTS)
                .run(ref, cur, DriftComparison.Mode.EXACT, json, html);

        JsonNode report = mapper.readTree(json.toFile());
        assertThat(report.get("features")).hasSize(4);
        JsonNode latency = feature(report, "latency_ms");
        assertThat(latency.get("type").asText()).isEqualTo("numeric");
        assertThat(latency.get("drift_detected").asBoolean()).isTrue();
        assertThat(latency.get("reference_nulls").asLong()).isEqualTo(40);
        assertThat(latency.get("statistics").fieldNames()).toIterable().containsExactly(
                "ks_statistic", "ks_pvalue", "wasserstein", "wasserstein_norm", "psi", "js_distance", "hellinger");
        JsonNode model = feature(report, "model");
        assertThat(model.get("type").asText()).isEqualTo("categorical");
        assertThat(model.get("drift_detected").asBoolean()).as("a new model o3 takes 30%%").isTrue();
        assertThat(model.get("statistics").fieldNames()).toIterable().containsExactly(
                "chi2_statistic", "chi2_pvalue", "js_distance", "psi");
        assertThat(feature(report, "streamed").get("type").asText()).isEqualTo("categorical");
        assertThat(feature(report, "prompt_tokens").get("drift_detected").asBoolean()).isFalse();
        assertThat(summary.drifted()).isEqualTo(2);

        String page = Files.readString(html);
        assertThat(page).contains("<svg", "latency_ms", "prompt_tokens", "model", "streamed", "o3")
                .doesNotContain("<script", "http://cdn", "https://");
    }

    @Test
    void shouldGiveTheSameVerdictsInSketchModeForTheseSampleSizes() throws IOException {
        Path ref = rows("ref.jsonl", 3000, 0.0, new String[] {"a", "b"}, new double[] {0.5, 0.5});
        Path cur = rows("cur.jsonl", 3000, 0.02, new String[] {"a", "b"}, new double[] {0.5, 0.5});
        DriftComparison c = new DriftComparison(DriftSettings.DEFAULTS);
        DriftComparison.Summary exact = c.run(ref, cur, DriftComparison.Mode.EXACT, dir.resolve("e.json"), null);
        DriftComparison.Summary sketch = c.run(ref, cur, DriftComparison.Mode.SKETCH, dir.resolve("s.json"), null);
        for (int i = 0; i < exact.results().size(); i++) {
            assertThat(sketch.results().get(i).verdict().status()).isEqualTo(exact.results().get(i).verdict().status());
            java.util.Map<String, Double> sketched = sketch.results().get(i).statistics().asMap();
            exact.results().get(i).statistics().asMap().forEach((k, v) -> {
                if (!k.equals("wasserstein") && !k.equals("chi2_statistic")) { // unit-bearing
                    assertThat(sketched.get(k)).as(k).isCloseTo(v, within(0.02));
                }
            });
        }
        assertThat(mapper.readTree(dir.resolve("s.json").toFile()).get("mode").asText()).isEqualTo("sketch");
    }

    @Test
    void shouldReportEveryReferenceVectorCaseById() throws IOException {
        Optional<Path> vectors = SharedReference.find("drift_vectors_dev.json");
        assumeTrue(vectors.isPresent(), "skipping: drift_vectors_dev.json not found");
        Path json = dir.resolve("vectors.json");
        Path html = dir.resolve("vectors.html");
        long start = System.nanoTime();
        DriftComparison.Summary summary = new DriftComparison(DriftSettings.DEFAULTS)
                .run(vectors.get(), vectors.get(), DriftComparison.Mode.EXACT, json, html);
        System.out.printf("vector compare (60 cases, exact, JSON+HTML): %.0f ms%n", (System.nanoTime() - start) / 1e6);
        JsonNode report = mapper.readTree(json.toFile());
        assertThat(report.get("cases")).hasSize(60);
        JsonNode first = report.get("cases").get(0);
        assertThat(first.get("id").asText()).isEqualTo("cat-7-0");
        assertThat(first.get("statistics").get("chi2_statistic").asDouble()).isCloseTo(25.53530421366073, within(1e-9));
        assertThat(summary.results()).hasSize(60);
        assertThat(Files.readString(html)).contains("num-7-1", "cat-7-0", "<svg");
    }

    @Test
    void shouldRejectAFileThatIsNotJsonLinesWithAClearMessage() throws IOException {
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"a\": 1}\n[1, 2]\n");
        assertThatThrownBy(() -> new DriftComparison(DriftSettings.DEFAULTS)
                .run(bad, bad, DriftComparison.Mode.EXACT, dir.resolve("o.json"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 2 is not a JSON object");
    }

    private static JsonNode feature(JsonNode report, String name) {
        for (JsonNode f : report.get("features")) {
            if (f.get("name").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no feature " + name);
    }
}
