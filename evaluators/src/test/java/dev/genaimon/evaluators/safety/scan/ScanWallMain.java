package dev.genaimon.evaluators.safety.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genaimon.evaluators.safety.Corpora;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Development aid (not a test): the batch scanner's wall-clock texts/s on {@code N} lines (default 20,000) made of
 * the text fields of the shared JSONL corpora as they are (no packing; alternating prompt and response roles), on
 * 1 and on {@code threads} worker threads, with the process CPU time and the load average.
 *
 * <p>Usage: {@code ScanWallMain [lines] [threads]} with {@code -Dgenaimon.shared.dir}; {@code -Dscan.detectors=LIST}
 * scans with those detectors only, {@code -Dscan.write=FILE} only writes the input lines (for the CLI).
 */
final class ScanWallMain {

    private ScanWallMain() {
    }

    public static void main(String[] args) throws IOException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path root = Corpora.root().orElseThrow();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
        List<String> texts = new ArrayList<>();
        for (Path file : files) {
            for (JsonNode row : Corpora.readJsonl(file)) {
                for (Iterator<JsonNode> it = row.elements(); it.hasNext(); ) {
                    JsonNode v = it.next();
                    if (v.isTextual() && v.asText().length() >= 20) {
                        texts.add(v.asText());
                    }
                }
            }
        }
        ObjectMapper json = new ObjectMapper();
        StringBuilder in = new StringBuilder();
        long chars = 0;
        for (int i = 0; i < count; i++) {
            String t = texts.get((int) ((i * 7919L) % texts.size()));
            chars += t.length();
            in.append("{\"id\":").append(i).append(",\"text\":").append(json.writeValueAsString(t))
                    .append(i % 2 == 0 ? "" : ",\"role\":\"response\"").append("}\n");
        }
        String write = System.getProperty("scan.write");
        if (write != null) {
            Files.writeString(Path.of(write), in);
            System.out.println("wrote " + write);
            return;
        }
        java.util.Set<String> detectors = System.getProperty("scan.detectors") == null ? SafetyScanner.ALL_DETECTORS
                : SafetyScanner.parseDetectors(System.getProperty("scan.detectors"));
        SafetyScanner scanner = SafetyScanner.createDefault();
        System.out.printf("%,d lines, mean %.0f chars, from %,d corpus texts; %d cores%n", count, (double) chars / count,
                texts.size(), Runtime.getRuntime().availableProcessors());
        for (int round = 0; round < 2; round++) {
            for (int t : new int[] {1, threads}) {
                var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                double load = os.getSystemLoadAverage();
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                ScanSummary s = scanner.scan(new BufferedReader(new StringReader(in.toString())), Writer.nullWriter(),
                        detectors, (a, b, c) -> { }, t);
                double wall = (System.nanoTime() - t0) / 1e9;
                double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
                System.out.printf("%s %d thread(s): %,.0f texts/s wall (%.1f s), %,.0f texts per process CPU-second, "
                        + "load average %.1f%n", round == 0 ? "warm-up" : "measured", t, s.scanned() / wall, wall,
                        s.scanned() / cpu, load);
                long[] cascade = scanner.cascadeCounts();
                System.out.printf("  attack cascade so far: %,d prompts scored, %,d embedded%n", cascade[0], cascade[1]);
            }
        }
    }
}
