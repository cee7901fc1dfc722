package dev.genaimon.evaluators.safety.scan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genaimon.evaluators.safety.Corpora;
import dev.genaimon.evaluators.safety.SafetyDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Development aid: per-detector time on 2 KB texts (not a test). */
final class ProfileMain {
    public static void main(String[] args) {
        List<String> texts = new ArrayList<>();
        for (JsonNode r : Corpora.readJsonl(Corpora.root().orElseThrow().resolve("production_traffic/arena_hard_v01_model_answers.jsonl"))) {
            String s = r.toString();
            texts.add(s.length() > 2048 ? s.substring(0, 2048) : s);
            if (texts.size() == 300) break;
        }
        Map<String, SafetyDetector<?>> ds = Map.of(
                "pii-structured", dev.genaimon.evaluators.safety.pii.PiiDetector.create(List.of(), false),
                "pii-all", dev.genaimon.evaluators.safety.pii.PiiDetector.createDefault(),
                "attack", dev.genaimon.evaluators.safety.attack.PromptAttackDetector.createDefault(),
                "harm", new dev.genaimon.evaluators.safety.harm.HarmDetector(),
                "refusal", new dev.genaimon.evaluators.safety.refusal.RefusalDetector());
        for (int round = 0; round < 2; round++) {
            for (var e : ds.entrySet()) {
                long t = System.nanoTime();
                for (String s : texts) e.getValue().detect(s);
                System.out.printf("%s %.1f us/text%n", e.getKey(), (System.nanoTime() - t) / 1e3 / texts.size());
            }
        }
    }
}
