package dev.genaimon.evaluators.safety.scan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genaimon.evaluators.safety.Corpora;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Prints throughput; asserts nothing about time (machines differ). Interactions are ~2 KB: real Arena-Hard
 * prompt + answer pairs cut to 2,048 characters, with every local detector on.
 */
class ThroughputTest {

    @Test
    void shouldPrintThroughputOfAllLocalDetectors() throws Exception {
        List<JsonNode> rows = Corpora.readJsonl(Corpora.require("production_traffic/arena_hard_v01_model_answers.jsonl"));
        List<String> texts = new ArrayList<>();
        for (JsonNode r : rows) {
            String s = r.toString();
            texts.add(s.length() > 2048 ? s.substring(0, 2048) : s);
            if (texts.size() == 600) {
                break; // keeps the suite quick; enough for a stable JIT-warm number
            }
        }
        SafetyScanner scanner = SafetyScanner.createDefault();
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < texts.size(); i++) {
            jsonl.append("{\"id\":").append(i).append(",\"text\":")
                    .append(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(texts.get(i)))
                    .append(",\"role\":\"").append(i % 2 == 0 ? "prompt" : "response").append("\"}\n");
        }
        // Warm-up, then measure single-thread scanner throughput.
        for (int i = 0; i < 2; i++) {
            scanner.scan(new BufferedReader(new StringReader(jsonl.toString())), new StringWriter(),
                    SafetyScanner.ALL_DETECTORS, (a, b, c) -> { });
        }
        long t0 = System.nanoTime();
        int rounds = 2;
        for (int i = 0; i < rounds; i++) {
            scanner.scan(new BufferedReader(new StringReader(jsonl.toString())), new StringWriter(),
                    SafetyScanner.ALL_DETECTORS, (a, b, c) -> { });
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("Scanner (1 thread, all detectors, JSONL in/out, %d x 2KB): %.0f texts/s%n",
                texts.size() * rounds, texts.size() * rounds / secs);

        // Enrich-style: each interaction is scanned as a whole, on all cores.
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long t1 = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                futures.add(pool.submit(() -> {
                    for (int round = 0; round < rounds; round++) {
                        for (int i = offset; i < texts.size(); i += threads) {
                            scanner.scanToJson(new ScanRequest(String.valueOf(i), texts.get(i), i % 2 == 1, List.of()),
                                    SafetyScanner.ALL_DETECTORS);
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            double s = (System.nanoTime() - t1) / 1e9;
            System.out.printf("Enrich-style (%d threads, all detectors, 2KB interactions): %.0f interactions/s%n",
                    threads, texts.size() * rounds / s);
        } finally {
            pool.shutdownNow();
        }
    }
}
