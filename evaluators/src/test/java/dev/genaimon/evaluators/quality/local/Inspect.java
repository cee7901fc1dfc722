package dev.genaimon.evaluators.quality.local;

import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.quality.EvaluationScore;
import dev.genaimon.evaluators.quality.embed.SentenceEmbedder;
import dev.genaimon.evaluators.safety.Corpora;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Development aid: the worst-ranked HaluEval rows with their explanations. */
final class Inspect {
    public static void main(String[] args) {
        var rows = QualityData.haluEval(Corpora.root().orElseThrow().resolve("hallucination/halueval_qa_dev.jsonl"));
        var g = new GroundednessEvaluator(SentenceEmbedder.minilm(), 0.5);
        List<EvaluationInput> in = new ArrayList<>();
        rows.forEach(r -> in.add(r.input()));
        List<EvaluationScore> s = new ArrayList<>();
        for (int i = 0; i < in.size(); i += 64) {
            s.addAll(g.evaluateAll(in.subList(i, Math.min(in.size(), i + 64))));
        }
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            idx.add(i);
        }
        idx.sort(Comparator.comparingDouble(i -> s.get(i).value()));
        System.out.println("=== lowest-scored right answers");
        idx.stream().filter(i -> rows.get(i).positive()).limit(20).forEach(i -> print(rows.get(i), s.get(i)));
        System.out.println("=== highest-scored hallucinated answers");
        reversed(idx).stream().filter(i -> !rows.get(i).positive()).limit(25).forEach(i -> print(rows.get(i), s.get(i)));
    }

    private static List<Integer> reversed(List<Integer> l) {
        List<Integer> r = new ArrayList<>(l);
        java.util.Collections.reverse(r);
        return r;
    }

    private static void print(QualityData.Labelled r, EvaluationScore s) {
        System.out.printf("%.2f Q: %s%n     A: %s%n     %s%n", s.value(), r.input().question(), r.input().answer(),
                s.explanation());
    }
}
