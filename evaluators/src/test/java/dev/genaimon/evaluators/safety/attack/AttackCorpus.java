package dev.genaimon.evaluators.safety.attack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genaimon.evaluators.safety.Corpora;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The labelled prompts and how they become training examples; shared by the trainer and the corpus test. */
final class AttackCorpus {

    static final String FILE = "prompt_attacks/prompts_dev.jsonl";
    /** Harmful requests are not attacks; they train as negatives at half weight so the model learns the wrapper. */
    static final double HARMFUL_REQUEST_WEIGHT = 0.5;

    record Row(String id, String text, String label, String subtype) {
        boolean attack() {
            return label.equals("jailbreak") || label.equals("prompt_injection");
        }

        boolean harmfulRequest() {
            return label.equals("harmful_request");
        }

        LogisticTrainer.Example example() {
            return new LogisticTrainer.Example(text, attack(), harmfulRequest() ? HARMFUL_REQUEST_WEIGHT : 1.0);
        }
    }

    private AttackCorpus() {
    }

    static List<Row> load(Path file) {
        List<Row> rows = new ArrayList<>();
        for (JsonNode n : Corpora.readJsonl(file)) {
            rows.add(new Row(n.get("id").asText(), n.get("text").asText(), n.get("label").asText(),
                    n.get("subtype").asText()));
        }
        return rows;
    }

    /**
     * Group-aware folds: every subtype (one source's slice) lands in exactly one fold, so each fold's scores come
     * from a model that never saw that source. Greedy by size keeps the folds balanced; deterministic.
     */
    static Map<String, Integer> groupFolds(List<Row> rows, int k) {
        Map<String, Integer> sizes = new HashMap<>();
        rows.forEach(r -> sizes.merge(r.subtype(), 1, Integer::sum));
        List<Map.Entry<String, Integer>> groups = new ArrayList<>(sizes.entrySet());
        groups.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        int[] load = new int[k];
        Map<String, Integer> fold = new HashMap<>();
        for (var g : groups) {
            int best = 0;
            for (int f = 1; f < k; f++) {
                if (load[f] < load[best]) {
                    best = f;
                }
            }
            fold.put(g.getKey(), best);
            load[best] += g.getValue();
        }
        return fold;
    }

    static Comparator<Row> byId() {
        return Comparator.comparing(Row::id);
    }
}
