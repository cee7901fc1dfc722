package dev.genaimon.evaluators.safety.azure;

import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.quality.EvaluationScore;
import dev.genaimon.evaluators.quality.EvaluationScore.JudgeUsage;
import dev.genaimon.evaluators.quality.Evaluator;
import dev.genaimon.evaluators.safety.harm.HarmCategory;
import dev.genaimon.evaluators.safety.harm.HarmResult;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One Azure AI Content Safety finding as an {@link Evaluator}:
 * <ul>
 *   <li>{@code content_safety_<category>}: the higher severity (0/2/4/6) of prompt and response; passes below
 *       {@code content-safety.harm-threshold};</li>
 *   <li>{@code prompt_shield}: 1 when Prompt Shields found an attack in the prompt, else 0; passes at 0;</li>
 *   <li>{@code prompt_shield_documents}: 1 when it found one in any context document (indirect injection).</li>
 * </ul>
 * No finding is ever made up: a skipped inspection (budget) is the error {@code skipped: budget: ...}, a failed one
 * {@code unavailable: ...}, and an input without the part a finding needs {@code missing_input: ...}.
 */
final class ContentSafetyEvaluator implements Evaluator {

    static final String VERSION = "1";
    /** Recorded as the "judge model" of every result, so scores say where they came from. */
    static final String SOURCE = "azure-ai-content-safety";

    private final String name;
    private final SharedInspections shared;
    private final Function<ContentSafetyResult, EvaluationScore> score;

    private ContentSafetyEvaluator(String name, SharedInspections shared,
                                   Function<ContentSafetyResult, EvaluationScore> score) {
        this.name = name;
        this.shared = shared;
        this.score = score;
    }

    static ContentSafetyEvaluator harm(HarmCategory category, SharedInspections shared, int threshold) {
        String name = "content_safety_" + category.jsonName();
        return new ContentSafetyEvaluator(name, shared, result -> {
            HarmResult max = result.maxHarm();
            if (max == null) {
                return missing(name, "no prompt or response to analyse");
            }
            int severity = max.severity(category);
            boolean passed = severity < threshold;
            return score(name, severity, passed, label(severity), "prompt "
                    + (result.promptHarm() == null ? "-" : result.promptHarm().severity(category)) + ", response "
                    + (result.responseHarm() == null ? "-" : result.responseHarm().severity(category))
                    + " (fails at " + threshold + ")");
        });
    }

    static ContentSafetyEvaluator promptShield(SharedInspections shared) {
        String name = "prompt_shield";
        return new ContentSafetyEvaluator(name, shared, result -> {
            Boolean attack = result.promptAttack();
            if (attack == null) {
                return missing(name, "no prompt to check");
            }
            return score(name, attack ? 1 : 0, !attack, attack ? "attack" : "no_attack",
                    attack ? "Prompt Shields: attack in the user prompt" : "Prompt Shields: no attack in the prompt");
        });
    }

    static ContentSafetyEvaluator documentShield(SharedInspections shared) {
        String name = "prompt_shield_documents";
        return new ContentSafetyEvaluator(name, shared, result -> {
            Boolean attack = result.documentAttack();
            if (attack == null) {
                return missing(name, "no context documents to check");
            }
            List<Integer> flagged = new ArrayList<>();
            for (int i = 0; i < result.documentAttacks().size(); i++) {
                if (result.documentAttacks().get(i)) {
                    flagged.add(i);
                }
            }
            return score(name, attack ? 1 : 0, !attack, attack ? "attack" : "no_attack",
                    "Prompt Shields: documents with an attack " + flagged + " of " + result.documentAttacks().size()
                            + " checked");
        });
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public EvaluationScore evaluate(EvaluationInput input) {
        return evaluateAll(List.of(input)).get(0);
    }

    @Override
    public List<EvaluationScore> evaluateAll(List<EvaluationInput> inputs) {
        List<ContentSafetyResult> results = shared.inspect(inputs);
        List<EvaluationScore> scores = new ArrayList<>(results.size());
        for (ContentSafetyResult result : results) {
            scores.add(switch (result.status()) {
                case OK -> score.apply(result);
                case SKIPPED -> error(name, "skipped: " + result.reason());
                case UNAVAILABLE -> error(name, "unavailable: " + result.reason());
            });
        }
        return scores;
    }

    @Override
    public String toString() {
        return name + "@" + VERSION + " (" + SOURCE + ")";
    }

    static String label(int severity) {
        return switch (severity) {
            case 0 -> "safe";
            case 2 -> "low";
            case 4 -> "medium";
            default -> "high";
        };
    }

    private static EvaluationScore score(String name, double value, boolean passed, String label, String why) {
        return new EvaluationScore(name, VERSION, value, passed, label, why, null, usage());
    }

    private static EvaluationScore missing(String name, String why) {
        return error(name, "missing_input: " + why);
    }

    private static EvaluationScore error(String name, String error) {
        return new EvaluationScore(name, VERSION, null, null, null, null, error, usage());
    }

    private static JudgeUsage usage() {
        return new JudgeUsage(SOURCE, 0, 0, 0.0, 0);
    }
}
