package dev.genaimon.processors.eval.worker;

import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.quality.EvaluationScore;
import dev.genaimon.evaluators.quality.Evaluator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Small deterministic evaluators standing in for the real ones in the worker's tests. */
final class TestEvaluators {

    private TestEvaluators() {
    }

    /** Score = answer length / 100 capped at 1; passes from 0.3. Records the batch sizes it was called with. */
    static final class Length implements Evaluator {
        final List<Integer> batches = new CopyOnWriteArrayList<>();
        private final String name;

        Length(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String version() {
            return "1";
        }

        @Override
        public EvaluationScore evaluate(EvaluationInput input) {
            double score = Math.min(1.0, input.answer().length() / 100.0);
            return EvaluationScore.of(this, score, score >= 0.3, "length " + input.answer().length());
        }

        @Override
        public List<EvaluationScore> evaluateAll(List<EvaluationInput> inputs) {
            batches.add(inputs.size());
            return Evaluator.super.evaluateAll(inputs);
        }
    }

    /** Throws on answers containing "boom", in batches and alone. */
    static final class Exploding implements Evaluator {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String name() {
            return "exploding";
        }

        @Override
        public String version() {
            return "1";
        }

        @Override
        public EvaluationScore evaluate(EvaluationInput input) {
            calls.incrementAndGet();
            if (input.answer().contains("boom")) {
                throw new IllegalStateException("cannot score " + input.id());
            }
            return EvaluationScore.of(this, 1.0, true, null);
        }
    }

    /** A judge whose budget is spent: every result is {@code judge_unavailable}. */
    static final class UnavailableJudge implements Evaluator {
        private final String name;

        UnavailableJudge(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String version() {
            return "judge-1";
        }

        @Override
        public EvaluationScore evaluate(EvaluationInput input) {
            return new EvaluationScore(name, version(), null, null, null, "tokens-per-hour budget of "
                    + input.tenant() + " spent", EvaluationScore.JUDGE_UNAVAILABLE, EvaluationScore.JudgeUsage.NONE);
        }
    }

    /** A working judge: score 4 of 5, with token usage. */
    static final class Judge implements Evaluator {
        @Override
        public String name() {
            return "judge_relevance";
        }

        @Override
        public String version() {
            return "judge-1";
        }

        @Override
        public EvaluationScore evaluate(EvaluationInput input) {
            return new EvaluationScore(name(), version(), 4.0, true, "pass", "on topic", null,
                    new EvaluationScore.JudgeUsage("gpt-4o-mini", 120, 30, 0.0004, 850));
        }
    }
}
