package dev.genaimon.evaluators.quality.local;

import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.quality.EvaluationScore;
import dev.genaimon.evaluators.quality.Evaluator;
import dev.genaimon.evaluators.safety.Corpora;
import dev.genaimon.evaluators.safety.Metrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The full quality numbers of docs/evaluation.md (run with evaluators/scripts/quality-report.sh):
 * groundedness ROC AUC on HaluEval QA and SummEdits, relevance and similarity AUC on own vs shuffled answers.
 */
public final class QualityReport {

    private QualityReport() {
    }

    public static void main(String[] args) {
        Path corpora = Corpora.root().orElseThrow(() -> new IllegalStateException(
                "shared corpora not found; pass -Dgenaimon.shared.dir=/path/to/shared"));
        var context = new dev.genaimon.evaluators.quality.EvaluatorContext(java.util.Map.of());
        Evaluator groundedness = new GroundednessEvaluator(context.embedder(), 0.5);
        Path halu = corpora.resolve("hallucination/halueval_qa_dev.jsonl");
        Path summ = corpora.resolve("hallucination/summedits_dev.jsonl");
        boolean onlyRelevance = args.length > 0 && args[0].equals("relevance");
        if (!onlyRelevance) {
            report("groundedness", "HaluEval QA", groundedness, QualityData.haluEval(halu));
            report("groundedness", "SummEdits", groundedness, QualityData.summEdits(summ));
        }
        for (Evaluator e : new LocalEvaluatorProvider().create(context)) {
            if (e.name().equals("relevance") || e.name().equals("similarity")) {
                report(e.name(), "HaluEval own vs shuffled answer", e, QualityData.onOffTopic(halu, 42));
            }
        }
    }

    static double report(String evaluator, String dataset, Evaluator e, List<QualityData.Labelled> rows) {
        long start = System.nanoTime();
        double auc = auc(e, rows);
        System.out.printf("%-13s %-34s n=%4d  ROC AUC %.3f  (%.1f s)%n", evaluator, dataset, rows.size(), auc,
                (System.nanoTime() - start) / 1e9);
        return auc;
    }

    /** ROC AUC of the evaluator's score for the positive class; error results count as score 0. */
    static double auc(Evaluator e, List<QualityData.Labelled> rows) {
        List<EvaluationInput> inputs = new ArrayList<>();
        for (QualityData.Labelled l : rows) {
            inputs.add(l.input());
        }
        List<EvaluationScore> scores = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i += 64) {
            scores.addAll(e.evaluateAll(inputs.subList(i, Math.min(inputs.size(), i + 64))));
        }
        double[] s = new double[rows.size()];
        boolean[] positive = new boolean[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            EvaluationScore score = scores.get(i);
            s[i] = score.value() == null ? 0 : score.value();
            positive[i] = rows.get(i).positive();
        }
        return Metrics.rocAuc(s, positive);
    }
}
