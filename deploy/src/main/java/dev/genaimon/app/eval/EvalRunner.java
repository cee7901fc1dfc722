package dev.genaimon.app.eval;

import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.quality.EvaluationScore;
import dev.genaimon.evaluators.quality.Evaluator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs evaluators over a dataset: reads lines, scores them in batches (so the embedding evaluators make one
 * {@code embedAll} call per batch), writes one {@link ScoreLine} per (input, evaluator) in input order. Malformed lines
 * are reported on {@code log} with their line number and skipped; an evaluator that throws yields error results for
 * its batch and the run goes on.
 */
public final class EvalRunner {

    /** Inputs per batch. */
    public static final int BATCH = 32;

    private final List<Evaluator> evaluators;
    private final PrintWriter log;

    public EvalRunner(List<Evaluator> evaluators, PrintWriter log) {
        this.evaluators = List.copyOf(evaluators);
        this.log = log;
    }

    /** Totals of a run; {@code lines} holds every score written. */
    public record Result(long inputs, long malformed, List<ScoreLine> lines) {
    }

    public Result run(BufferedReader in, Writer out, long totalLines) throws IOException {
        List<ScoreLine> all = new ArrayList<>();
        List<EvaluationInput> batch = new ArrayList<>(BATCH);
        long number = 0;
        long inputs = 0;
        long malformed = 0;
        long started = System.nanoTime();
        long lastProgress = started;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            DatasetReader.Line parsed = DatasetReader.parse(number, line);
            if (parsed.error() != null) {
                malformed++;
                log.println("line " + number + ": skipped: " + parsed.error());
                log.flush();
                continue;
            }
            batch.add(parsed.input());
            inputs++;
            if (batch.size() == BATCH) {
                flush(batch, out, all);
                long now = System.nanoTime();
                if (now - lastProgress > 2_000_000_000L) {
                    lastProgress = now;
                    log.printf("%,d of ~%,d lines, %,d inputs scored (%.1f inputs/s)%n", number, totalLines, inputs,
                            inputs / ((now - started) / 1e9));
                    log.flush();
                }
            }
        }
        flush(batch, out, all);
        out.flush();
        return new Result(inputs, malformed, all);
    }

    private void flush(List<EvaluationInput> batch, Writer out, List<ScoreLine> all) throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        List<List<EvaluationScore>> perEvaluator = new ArrayList<>(evaluators.size());
        for (Evaluator e : evaluators) {
            perEvaluator.add(scores(e, batch));
        }
        for (int i = 0; i < batch.size(); i++) {
            for (List<EvaluationScore> scores : perEvaluator) {
                ScoreLine line = ScoreLine.of(batch.get(i).id(), scores.get(i));
                all.add(line);
                out.write(line.toJson());
                out.write('\n');
            }
        }
        batch.clear();
    }

    private List<EvaluationScore> scores(Evaluator e, List<EvaluationInput> batch) {
        try {
            List<EvaluationScore> scores = e.evaluateAll(batch);
            if (scores.size() == batch.size()) {
                return scores;
            }
            return errors(e, batch.size(), "evaluator returned " + scores.size() + " results for " + batch.size() + " inputs");
        } catch (RuntimeException ex) {
            return errors(e, batch.size(), "evaluator failed: " + ex);
        }
    }

    private static List<EvaluationScore> errors(Evaluator e, int n, String reason) {
        List<EvaluationScore> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(EvaluationScore.error(e, reason));
        }
        return out;
    }
}
