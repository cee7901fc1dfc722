package dev.genaimon.processors.eval;

import dev.genaimon.schemas.avro.EvalWindow;
import dev.genaimon.schemas.avro.EvaluationResult;
import dev.genaimon.schemas.avro.Evidence;
import dev.genaimon.schemas.avro.Segment;
import dev.genaimon.schemas.avro.Signal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The scores of one evaluator, segment and window, and the signals they become when the window closes. */
final class EvalWindows {

    static final int MAX_EVIDENCE = 5;
    /** Segment of results that carry none (should not happen: the worker copies the request's segment). */
    static final Segment UNKNOWN = new Segment("unknown", Map.of());

    private EvalWindows() {
    }

    static EvalWindow of(EvaluationResult result) {
        boolean error = result.getError() != null || result.getScoreValue() == null;
        boolean judged = result.getPassed() != null;
        boolean passed = judged && result.getPassed();
        List<String> failing = judged && !passed ? List.of(result.getInteractionId()) : List.of();
        return EvalWindow.newBuilder()
                .setSegment(result.getSegment() == null ? UNKNOWN : result.getSegment())
                .setEvaluator(result.getName())
                .setResults(1)
                .setScored(error ? 0 : 1)
                .setJudged(judged ? 1 : 0)
                .setPassed(passed ? 1 : 0)
                .setErrors(error ? 1 : 0)
                .setScoreSum(error ? 0.0 : result.getScoreValue())
                .setFailingIds(new ArrayList<>(failing))
                .setErrorIds(error ? new ArrayList<>(List.of(result.getInteractionId())) : new ArrayList<>())
                .build();
    }

    static EvalWindow merge(EvalWindow a, EvalWindow b) {
        return EvalWindow.newBuilder()
                .setSegment(a.getSegment())
                .setEvaluator(a.getEvaluator())
                .setResults(a.getResults() + b.getResults())
                .setScored(a.getScored() + b.getScored())
                .setJudged(a.getJudged() + b.getJudged())
                .setPassed(a.getPassed() + b.getPassed())
                .setErrors(a.getErrors() + b.getErrors())
                .setScoreSum(a.getScoreSum() + b.getScoreSum())
                .setFailingIds(first(a.getFailingIds(), b.getFailingIds()))
                .setErrorIds(first(a.getErrorIds(), b.getErrorIds()))
                .build();
    }

    private static List<String> first(List<String> a, List<String> b) {
        List<String> ids = new ArrayList<>(a);
        for (String id : b) {
            if (ids.size() >= MAX_EVIDENCE) {
                break;
            }
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * {@code eval.<name>.count} and {@code .error_count} always; {@code .mean} when some result had a score;
     * {@code .pass_rate} when some result had a verdict. Evidence: failing (or, for the error count, failed) ids.
     */
    static List<Signal> signals(EvalWindow w, Instant start, Instant end, Instant now) {
        String prefix = "eval." + w.getEvaluator() + ".";
        List<Signal> signals = new ArrayList<>();
        signals.add(signal(w, prefix + "count", w.getResults(), w.getResults(), List.of(), start, end, now,
                null));
        signals.add(signal(w, prefix + "error_count", w.getErrors(), w.getResults(), w.getErrorIds(), start, end,
                now, null));
        if (w.getScored() > 0) {
            signals.add(signal(w, prefix + "mean", w.getScoreSum() / w.getScored(), w.getScored(),
                    w.getFailingIds(), start, end, now, null));
        }
        if (w.getJudged() > 0) {
            signals.add(signal(w, prefix + "pass_rate", (double) w.getPassed() / w.getJudged(), w.getJudged(),
                    w.getFailingIds(), start, end, now, String.format(Locale.ROOT, "%d of %d passed",
                            w.getPassed(), w.getJudged())));
        }
        return signals;
    }

    private static Signal signal(EvalWindow w, String name, double value, long count, List<String> ids,
                                 Instant start, Instant end, Instant now, String note) {
        Evidence evidence = ids.isEmpty() && note == null ? null : Evidence.newBuilder()
                .setInteractionIds(new ArrayList<>(ids))
                .setWindowStart(start).setWindowEnd(end)
                .setNote(note)
                .build();
        return Signal.newBuilder()
                .setSegment(w.getSegment())
                .setName(name)
                .setWindowStart(start).setWindowEnd(end)
                .setValue(value)
                .setSampleCount(count)
                .setLabels(Map.of("evaluator", w.getEvaluator()))
                .setEvidence(evidence)
                .setEmittedAt(now)
                .build();
    }
}
