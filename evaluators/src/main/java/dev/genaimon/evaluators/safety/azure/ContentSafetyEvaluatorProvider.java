package dev.genaimon.evaluators.safety.azure;

import dev.genaimon.evaluators.quality.Evaluator;
import dev.genaimon.evaluators.quality.EvaluatorContext;
import dev.genaimon.evaluators.quality.EvaluatorProvider;
import dev.genaimon.evaluators.safety.harm.HarmCategory;

import java.util.ArrayList;
import java.util.List;

/**
 * Offers the Azure AI Content Safety evaluators when {@code content-safety.endpoint} is set, none otherwise:
 * {@code content_safety_hate}, {@code _sexual}, {@code _violence}, {@code _self_harm} (text analysis on) and
 * {@code prompt_shield}, {@code prompt_shield_documents} (Prompt Shields on). All share one detector (one budget, one
 * breaker) and one inspection per interaction. A bad {@code content-safety.*} setting fails here, at startup.
 */
public final class ContentSafetyEvaluatorProvider implements EvaluatorProvider {

    @Override
    public List<Evaluator> create(EvaluatorContext context) {
        if (!ContentSafetySettings.enabled(context.settings())) {
            return List.of();
        }
        ContentSafetySettings settings = ContentSafetySettings.from(context.settings(), System::getenv);
        return evaluators(ContentSafetyDetector.create(settings));
    }

    static List<Evaluator> evaluators(ContentSafetyDetector detector) {
        SharedInspections shared = new SharedInspections(detector, detector.clock(), 4096);
        List<Evaluator> evaluators = new ArrayList<>();
        if (detector.settings().textAnalysis()) {
            for (HarmCategory category : HarmCategory.values()) {
                evaluators.add(ContentSafetyEvaluator.harm(category, shared, detector.settings().harmThreshold()));
            }
        }
        if (detector.settings().promptShields()) {
            evaluators.add(ContentSafetyEvaluator.promptShield(shared));
            evaluators.add(ContentSafetyEvaluator.documentShield(shared));
        }
        return List.copyOf(evaluators);
    }
}
