package dev.genaimon.evaluators.judge;

import dev.genaimon.evaluators.quality.Evaluator;
import dev.genaimon.evaluators.quality.EvaluatorContext;
import dev.genaimon.evaluators.quality.EvaluatorProvider;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Offers the five judge evaluators when {@code judge.endpoint} is set, none otherwise. All five share one
 * {@link Judge}: one budget per tenant, one breaker, one cache. A bad {@code judge.*} setting fails here, at startup,
 * with a message naming the key.
 */
public final class JudgeEvaluatorProvider implements EvaluatorProvider {

    @Override
    public List<Evaluator> create(EvaluatorContext context) {
        if (!JudgeSettings.enabled(context.settings())) {
            return List.of();
        }
        JudgeSettings settings = JudgeSettings.from(context.settings(), System::getenv);
        return evaluators(settings, OpenAiJudgeClient.create(settings), Clock.systemUTC());
    }

    static List<Evaluator> evaluators(JudgeSettings settings, JudgeClient client, Clock clock) {
        Judge judge = new Judge(settings, client, clock, Sleeper.THREAD, () -> ThreadLocalRandom.current().nextDouble());
        return Arrays.stream(Rubric.values()).<Evaluator>map(rubric -> new JudgeEvaluator(rubric, judge)).toList();
    }
}
