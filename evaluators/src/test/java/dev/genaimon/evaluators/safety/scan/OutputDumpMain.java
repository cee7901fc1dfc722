package dev.genaimon.evaluators.safety.scan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genaimon.evaluators.safety.Corpora;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Development aid (not a test): writes the scanner's JSON output for every text field of every JSONL corpus under
 * the shared corpora, scanned as a prompt and as a response, plus the same texts packed into 2 KB. Two runs (old
 * and new code) must produce identical files when a speed change keeps the detectors' outputs.
 *
 * <p>Usage: {@code OutputDumpMain OUT_FILE} with {@code -Dgenaimon.shared.dir}.
 */
final class OutputDumpMain {

    private OutputDumpMain() {
    }

    public static void main(String[] args) throws IOException {
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
        StringBuilder packed = new StringBuilder();
        List<String> all = new ArrayList<>(texts);
        for (String t : texts) {
            packed.append(t).append("\n\n");
            if (packed.length() >= 2048) {
                all.add(packed.substring(0, 2048));
                packed.setLength(0);
            }
        }
        SafetyScanner scanner = SafetyScanner.createDefault();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[0]), StandardCharsets.UTF_8))) {
            for (int i = 0; i < all.size(); i++) {
                String t = all.get(i);
                out.println(scanner.scanToJson(new ScanRequest("p" + i, t, false, List.of()), SafetyScanner.ALL_DETECTORS));
                out.println(scanner.scanToJson(new ScanRequest("r" + i, t, true, List.of()), SafetyScanner.ALL_DETECTORS));
            }
        }
        System.out.println(all.size() + " texts");
    }
}
