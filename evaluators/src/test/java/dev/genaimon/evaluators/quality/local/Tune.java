package dev.genaimon.evaluators.quality.local;

import dev.genaimon.evaluators.quality.EvaluatorContext;
import dev.genaimon.evaluators.safety.Corpora;
import java.nio.file.Path;
import java.util.Map;

/** Development aid: groundedness AUC for a few weightings (shares the embedding cache, so each is cheap). */
final class Tune {
    public static void main(String[] args) {
        Path corpora = Corpora.root().orElseThrow();
        var embedder = new EvaluatorContext(Map.of()).embedder();
        var halu = QualityData.haluEval(corpora.resolve("hallucination/halueval_qa_dev.jsonl"));
        var summ = QualityData.summEdits(corpora.resolve("hallucination/summedits_dev.jsonl"));
        double[][] grid = {
                {0.4, 0.6, 0.25, 0.5, 0.25, 0.5, 0.5, 0},
                {0.4, 0.6, 0.25, 0.5, 0.25, 0.5, 0.3, 0.3},
                {0.4, 0.6, 0.25, 0.5, 0.25, 0.5, 0.25, 0.5},
                {0.3, 0.7, 0.25, 0.5, 0.25, 0.5, 0.25, 0.5},
                {0.4, 0.6, 0.25, 0.5, 0.25, 0.5, 0, 0.7},
        };
        for (double[] g : grid) {
            var w = new GroundednessEvaluator.Weights(g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7]);
            var e = new GroundednessEvaluator(embedder, 0.5, w);
            System.out.printf("%s  halu %.3f  summ %.3f%n", w, QualityReport.auc(e, halu), QualityReport.auc(e, summ));
        }
    }
}
