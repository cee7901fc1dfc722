package dev.genaimon.evaluators.safety.attack;

import dev.genaimon.evaluators.safety.Corpora;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Development aid: how often each structural cue fires per label (not a test). */
final class CueStatsMain {
    public static void main(String[] args) {
        List<AttackCorpus.Row> rows = AttackCorpus.load(Corpora.root().orElseThrow().resolve(AttackCorpus.FILE));
        Map<String, double[]> sums = new TreeMap<>();
        Map<String, Integer> n = new TreeMap<>();
        float[] cues = new float[StructuralFeatures.COUNT];
        for (AttackCorpus.Row r : rows) {
            String key = r.label().equals("benign") ? "benign/" + (r.subtype().startsWith("xstest") ? "xstest" : r.subtype()) : r.label() + "/" + r.subtype();
            StructuralFeatures.extract(r.text(), cues, 0);
            double[] s = sums.computeIfAbsent(key, k -> new double[StructuralFeatures.COUNT]);
            for (int i = 0; i < cues.length; i++) {
                s[i] += cues[i] > 0 ? 1 : 0;
            }
            n.merge(key, 1, Integer::sum);
            if (args.length > 0 && r.label().equals("benign")) {
                int c = Integer.parseInt(args[0]);
                if (cues[c] > 0) {
                    System.out.println("BENIGN-FIRE " + r.text().replace("\n", " ").substring(0, Math.min(200, r.text().length())));
                }
            }
        }
        System.out.print(String.format("%-42s", ""));
        for (String name : StructuralFeatures.NAMES) {
            System.out.print(String.format("%6.6s", name));
        }
        System.out.println();
        sums.forEach((k, s) -> {
            System.out.print(String.format("%-42s", k));
            for (double v : s) {
                System.out.print(String.format("%6.2f", v / n.get(k)));
            }
            System.out.println();
        });
    }
}
