package dev.genaimon.evaluators.quality.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.evaluators.quality.embed.SentenceEmbedder;
import dev.genaimon.evaluators.safety.Corpora;
import org.junit.jupiter.api.Test;

/**
 * Quality floors on a sample of the shared corpora with the real bundled model (skips when ../shared is absent).
 * Full numbers: evaluators/scripts/quality-report.sh.
 */
class GroundednessCorpusTest {

    @Test
    void groundednessSeparatesHallucinatedHaluEvalAnswers() {
        var rows = QualityData.sample(QualityData.haluEval(Corpora.require("hallucination/halueval_qa_dev.jsonl")), 4);
        double auc = QualityReport.auc(new GroundednessEvaluator(SentenceEmbedder.minilm(), 0.5), rows);
        System.out.printf("groundedness HaluEval QA sample n=%d ROC AUC %.3f%n", rows.size(), auc);
        assertThat(auc).isGreaterThanOrEqualTo(0.85);
        // the model loaded with DJL told to stay offline and not to report usage
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
        assertThat(System.getProperty("OPT_OUT_TRACKING")).isEqualTo("true");
    }

    @Test
    void relevanceSeparatesOwnFromShuffledAnswers() {
        var rows = QualityData.sample(QualityData.onOffTopic(Corpora.require("hallucination/halueval_qa_dev.jsonl"), 7), 3);
        double auc = QualityReport.auc(new RelevanceEvaluator(SentenceEmbedder.minilm(), 0.5), rows);
        System.out.printf("relevance own vs shuffled sample n=%d ROC AUC %.3f%n", rows.size(), auc);
        assertThat(auc).isGreaterThanOrEqualTo(0.70);
    }
}
