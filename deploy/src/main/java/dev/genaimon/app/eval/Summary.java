package dev.genaimon.app.eval;

import java.util.List;
import java.util.Map;

/** The Markdown summary of a run ({@code --summary}), fit for a pull-request comment. */
public final class Summary {

    private Summary() {
    }

    public static String markdown(String dataset, long inputs, long malformed, Map<String, EvaluatorStats> stats,
                                  Map<String, EvaluatorStats> baseline, List<Gate.Check> checks, boolean gated) {
        StringBuilder md = new StringBuilder();
        boolean pass = checks.stream().allMatch(Gate.Check::passed);
        md.append("## genaimon evaluation").append(gated ? (pass ? " — gate passed ✅" : " — gate FAILED ❌") : "")
                .append("\n\n");
        md.append("Dataset `").append(dataset).append("`: ").append(inputs).append(" inputs");
        if (malformed > 0) {
            md.append(", ").append(malformed).append(" malformed lines skipped");
        }
        md.append(".\n\n");
        md.append("| evaluator | mean | pass rate | failures | errors | results |");
        md.append(baseline.isEmpty() ? "\n" : " baseline mean |\n");
        md.append("|---|---:|---:|---:|---:|---:|").append(baseline.isEmpty() ? "\n" : "---:|\n");
        stats.values().forEach(s -> {
            md.append("| ").append(s.evaluator()).append(" | ").append(Gate.fmt(s.mean())).append(" | ")
                    .append(Double.isNaN(s.passRate()) ? "n/a" : String.format("%.1f%%", 100 * s.passRate()))
                    .append(" | ").append(s.failures()).append(" | ").append(s.errors()).append(" | ")
                    .append(s.results()).append(" |");
            if (!baseline.isEmpty()) {
                EvaluatorStats b = baseline.get(s.evaluator());
                md.append(' ').append(b == null ? "n/a" : Gate.fmt(b.mean())).append(" |");
            }
            md.append('\n');
        });
        if (gated) {
            md.append("\n| gate | rule | result | |\n|---|---|---|---|\n");
            for (Gate.Check c : checks) {
                md.append("| ").append(c.evaluator()).append(" | `").append(c.rule()).append("` | ")
                        .append(c.message()).append(" | ").append(c.passed() ? "✅" : "❌").append(" |\n");
            }
        }
        return md.toString();
    }
}
