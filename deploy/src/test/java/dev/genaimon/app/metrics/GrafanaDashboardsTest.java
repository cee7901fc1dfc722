package dev.genaimon.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** deploy/grafana: the dashboards parse, and every metric their PromQL uses is one genaimon documents and exports. */
class GrafanaDashboardsTest {

    private static final Path DASHBOARDS = Path.of("grafana", "dashboards");
    private static final Set<String> PROMQL_WORDS = Set.of("sum", "max", "min", "avg", "count", "topk", "bottomk",
            "rate", "irate", "increase", "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or",
            "unless", "label_values", "histogram_quantile", "abs", "clamp_min", "offset", "bool");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    @Test
    void shouldParseAndUseOnlyDocumentedMetricNames() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(DASHBOARDS)) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("genaimon-pipeline.json",
                "genaimon-safety.json", "genaimon-quality.json", "genaimon-drift.json", "genaimon-cost.json");
        Set<String> allowed = new TreeSet<>(DocumentedMetrics.GENAIMON);
        allowed.addAll(DocumentedMetrics.KAFKA_AND_JVM);
        Set<String> used = new TreeSet<>();
        for (Path file : files) {
            JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
            assertThat(dashboard.path("uid").asText()).as(file + " uid").isNotBlank();
            assertThat(dashboard.path("panels")).as(file + " panels").isNotEmpty();
            List<String> queries = new ArrayList<>(dashboard.findValuesAsText("expr"));
            dashboard.path("templating").path("list").forEach(v -> {
                if (v.has("definition")) {
                    queries.add(v.get("definition").asText());
                }
            });
            assertThat(queries).as(file + " queries").isNotEmpty();
            for (String query : queries) {
                Set<String> names = metricNames(query);
                assertThat(names).as("metrics in %s: %s", file.getFileName(), query).isNotEmpty();
                used.addAll(names);
            }
        }
        assertThat(allowed).as("metrics used by the Grafana dashboards").containsAll(used);
    }

    @Test
    void shouldDocumentEveryMetricNameInOperationsGuide() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "operations.md"));
        for (String name : DocumentedMetrics.GENAIMON) {
            String family = name.replaceAll("_(count|sum)$", "");
            assertThat(doc).as("docs/operations.md documents " + family).contains(family);
        }
    }

    @Test
    void shouldFindMetricNamesInPromQl() {
        assertThat(metricNames("sum by (stage, reason) (increase(genaimon_dlq_records_total{stage=~\"a.b\"}[5m]))"))
                .containsExactly("genaimon_dlq_records_total");
        assertThat(metricNames("label_values(genaimon_signal_value, segment)")).containsExactly("genaimon_signal_value");
        assertThat(metricNames("a_b / on (x) c_d > 0.5")).containsExactly("a_b", "c_d");
    }

    /** Metric names in a PromQL expression: identifiers outside strings, label matchers, ranges and grouping. */
    static Set<String> metricNames(String promql) {
        String q = promql.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", "")
                .replaceAll("\\[[^]]*]", "")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "")
                .replaceAll("label_values\\(([^,)]+),[^)]*\\)", "label_values($1)");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(q);
        while (m.find()) {
            String word = m.group();
            int end = m.end();
            boolean call = end < q.length() && q.charAt(end) == '(';
            if (!PROMQL_WORDS.contains(word) && !call && (m.start() == 0 || !Character.isDigit(q.charAt(m.start() - 1)))) {
                names.add(word);
            }
        }
        return names;
    }
}
