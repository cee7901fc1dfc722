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
    /** JailbreakBench prompts (with the target model's response): more PAIR, GCG, DSN, random-search prompts. */
    static final String JBB_FILE = "prompt_attacks/jbb_responses_dev.jsonl";
    /** Chatbot Arena user questions; 150 of its 500 are not among the benign rows of {@link #FILE}. */
    static final String ARENA_FILE = "production_traffic/arena_hard_v01_model_answers.jsonl";
    /** Harmful requests are not attacks; they train as negatives at half weight so the model learns the wrapper. */
    static final double HARMFUL_REQUEST_WEIGHT = Double.parseDouble(System.getProperty("weight.harmful", "0.5"));
    /**
     * Trigger-word-heavy benign rows (XSTest safe prompts, WildGuard benign, many of them adversarially worded) are
     * hard negatives and train at double weight: measured, it lowered their FPR and raised AUC on both splits.
     */
    static final double TRIGGER_BENIGN_WEIGHT = Double.parseDouble(System.getProperty("weight.trigger", "2.0"));

    record Row(String id, String text, String label, String subtype) {
        boolean attack() {
            return label.equals("jailbreak") || label.equals("prompt_injection");
        }

        boolean harmfulRequest() {
            return label.equals("harmful_request");
        }

        LogisticTrainer.Example example() {
            return new LogisticTrainer.Example(text, attack(), harmfulRequest() ? HARMFUL_REQUEST_WEIGHT
                    : triggerWordBenign() ? TRIGGER_BENIGN_WEIGHT : 1.0);
        }

        /** Benign rows of the sources written to look dangerous (XSTest safe prompts, WildGuard benign). */
        boolean triggerWordBenign() {
            return label.equals("benign") && (subtype.startsWith("xstest") || subtype.startsWith("wildguard"));
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
    /**
     * Training-only rows from the other corpus files: JailbreakBench attack prompts (label jailbreak, subtype
     * {@code jbb_<method>}, the same subtypes as in {@link #FILE}) and Arena questions (benign), each text once and
     * none whose text is already in {@code rows}. They are never scored, so they cannot inflate a measurement; in a
     * family-held-out split the rows of the held-out subtype are left out of training too.
     */
    static List<Row> extras(Path root, List<Row> rows) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        rows.forEach(r -> seen.add(r.text().strip()));
        List<Row> out = new ArrayList<>();
        Path jbb = root.resolve(JBB_FILE);
        if (java.nio.file.Files.isRegularFile(jbb)) {
            for (JsonNode n : Corpora.readJsonl(jbb)) {
                String text = n.get("prompt").asText();
                if (seen.add(text.strip())) {
                    out.add(new Row("extra-" + n.get("id").asText(), text, "jailbreak", "jbb_" + n.get("method").asText()));
                }
            }
        }
        Path arena = root.resolve(ARENA_FILE);
        if (java.nio.file.Files.isRegularFile(arena)) {
            int i = 0;
            for (JsonNode n : Corpora.readJsonl(arena)) {
                String text = n.path("prompt").asText("");
                if (!text.isBlank() && seen.add(text.strip())) {
                    out.add(new Row("extra-arena-" + i++, text, "benign", "arena_hard_user_prompt"));
                }
            }
        }
        return out;
    }

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
