package dev.genaimon.app.wiring;

import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.quality.EvaluationScore;
import dev.genaimon.evaluators.quality.Evaluator;
import dev.genaimon.evaluators.quality.EvaluatorContext;
import dev.genaimon.evaluators.quality.EvaluatorProvider;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Test-scope evaluator provider (registered in META-INF/services), so integration tests load evaluators the way the
 * worker does: {@code it_length} scores answer length / 100 and takes {@code it_length.delay-ms} per input (default
 * 0) to stand in for a slow model.
 */
public final class ItEvaluatorProvider implements EvaluatorProvider {

    /** Inputs scored by every {@code it_length} instance of this JVM. */
    static final AtomicInteger EVALUATED = new AtomicInteger();

    @Override
    public List<Evaluator> create(EvaluatorContext context) {
        return List.of(new Length((long) context.number("it_length.delay-ms", 0)));
    }

    static final class Length implements Evaluator {
        private final long delayMs;

        Length(long delayMs) {
            this.delayMs = delayMs;
        }

        @Override
        public String name() {
            return "it_length";
        }

        @Override
        public String version() {
            return "1";
        }

        @Override
        public EvaluationScore evaluate(EvaluationInput input) {
            if (delayMs > 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(delayMs)); // a slow model call
            }
            EVALUATED.incrementAndGet();
            double score = Math.min(1.0, input.answer().length() / 100.0);
            return EvaluationScore.of(this, score, score >= 0.3, "length " + input.answer().length());
        }
    }
}
