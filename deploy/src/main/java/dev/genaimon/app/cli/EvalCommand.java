package dev.genaimon.app.cli;

import dev.genaimon.app.eval.DatasetReader;
import dev.genaimon.app.eval.EvalRunner;
import dev.genaimon.app.eval.EvaluatorCatalog;
import dev.genaimon.app.eval.EvaluatorStats;
import dev.genaimon.app.eval.Gate;
import dev.genaimon.app.eval.ScoreLine;
import dev.genaimon.app.eval.Summary;
import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.quality.EvaluatorContext;
import dev.genaimon.evaluators.quality.local.LocalBench;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code genaimon eval}: the quality evaluators offline, and the CI gate. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Quality evaluators offline and the CI gate.",
        subcommands = {EvalCommand.Run.class, EvalCommand.Bench.class})
final class EvalCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Score a dataset with the local evaluators (and the LLM judge with --judge); optionally gate.",
                    "Input lines: {\"id\", \"question\", \"answer\", \"context\": string or [strings], \"ground_truth\"?} "
                            + "or the Interaction JSON shape.",
                    "Output: one line per (id, evaluator): {\"id\", \"evaluator\", \"score\", \"passed\", \"label\"?, "
                            + "\"reason\"?}.",
                    "Exit code: 0 gate passed (or no gate), 1 gate failed, 2 usage error."})
    static final class Run implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--in", required = true, paramLabel = "DATASET.jsonl")
        Path in;

        @Option(names = "--out", required = true, paramLabel = "SCORES.jsonl")
        Path out;

        @Option(names = "--evaluators", split = ",", paramLabel = "LIST",
                description = "Evaluators to run (default: all local ones, plus the judge's with --judge).")
        List<String> evaluators = new ArrayList<>();

        @Option(names = "--judge", paramLabel = "CONFIG.yaml",
                description = "LLM-judge configuration; its keys become judge.* evaluator settings.")
        Path judge;

        @Option(names = "--gate", paramLabel = "GATE.yaml", description = "Thresholds that decide the exit code.")
        Path gate;

        @Option(names = "--baseline", paramLabel = "PREVIOUS_SCORES.jsonl",
                description = "Scores of an earlier run, for the gate's max_drop rules and the summary.")
        Path baseline;

        @Option(names = "--summary", paramLabel = "SUMMARY.md", description = "Markdown summary for a PR comment.")
        Path summary;

        @Option(names = "--set", paramLabel = "KEY=VALUE",
                description = "Evaluator setting, e.g. groundedness.threshold=0.6 (overrides the gate's settings).")
        Map<String, String> set = new LinkedHashMap<>();

        @Override
        public Integer call() throws IOException {
            java.io.PrintWriter err = spec.commandLine().getErr();
            requireFile(in, "--in");
            Gate g = null;
            if (gate != null) {
                requireFile(gate, "--gate");
                g = Gate.load(gate);
            }
            Map<String, String> settings = new LinkedHashMap<>();
            if (g != null) {
                settings.putAll(g.settings());
            }
            if (judge != null) {
                requireFile(judge, "--judge");
                settings.putAll(EvaluatorCatalog.judgeSettings(judge));
            }
            settings.putAll(set);
            Map<String, EvaluatorStats> before = Map.of();
            if (baseline != null) {
                requireFile(baseline, "--baseline");
                before = EvaluatorStats.of(readScores(baseline, err));
            }
            EvaluatorCatalog.Loaded loaded = EvaluatorCatalog.load(settings, judge != null, evaluators,
                    Thread.currentThread().getContextClassLoader());
            loaded.notes().forEach(n -> err.println("note: " + n));
            long lines;
            try (Stream<String> s = Files.lines(in, StandardCharsets.UTF_8)) {
                lines = s.count();
            }
            long started = System.nanoTime();
            EvalRunner.Result result;
            try (BufferedReader reader = Files.newBufferedReader(in, StandardCharsets.UTF_8);
                 BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                result = new EvalRunner(loaded.evaluators(), err).run(reader, writer, lines);
            }
            Map<String, EvaluatorStats> stats = EvaluatorStats.of(result.lines());
            err.printf("%d inputs scored by %d evaluators, %d malformed lines skipped (%.1f s)%n",
                    result.inputs(), loaded.evaluators().size(), result.malformed(),
                    (System.nanoTime() - started) / 1e9);
            List<Gate.Check> checks = g == null ? List.of() : g.evaluate(stats, before);
            for (Gate.Check c : checks) {
                err.println((c.passed() ? "PASS " : "FAIL ") + c.evaluator() + " " + c.rule() + ": " + c.message());
            }
            if (summary != null) {
                Files.writeString(summary, Summary.markdown(in.getFileName().toString(), result.inputs(),
                        result.malformed(), stats, before, checks, g != null), StandardCharsets.UTF_8);
            }
            boolean passed = checks.stream().allMatch(Gate.Check::passed);
            if (g != null) {
                err.println(passed ? "gate passed" : "gate FAILED");
            }
            err.flush();
            return passed ? 0 : 1;
        }

        private static List<ScoreLine> readScores(Path file, java.io.PrintWriter err) throws IOException {
            List<ScoreLine> out = new ArrayList<>();
            long number = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(ScoreLine.parse(line));
                } catch (IOException e) {
                    err.println("--baseline line " + number + ": skipped: " + e.getMessage());
                }
            }
            return out;
        }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = {"Throughput of the local embedding evaluators against the bundled model's raw embedAll, "
                    + "on the same texts in the same run (cold cache)."})
    static final class Bench implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--in", required = true, paramLabel = "DATASET.jsonl")
        Path in;

        @Option(names = "--limit", defaultValue = "256", description = "Inputs to use (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() throws IOException {
            requireFile(in, "--in");
            List<EvaluationInput> inputs = new ArrayList<>();
            long number = 0;
            for (String line : Files.readAllLines(in, StandardCharsets.UTF_8)) {
                number++;
                if (inputs.size() >= limit || line.isBlank()) {
                    continue;
                }
                DatasetReader.Line parsed = DatasetReader.parse(number, line);
                if (parsed.input() != null) {
                    inputs.add(parsed.input());
                }
            }
            if (inputs.isEmpty()) {
                throw new IllegalArgumentException("--in " + in + ": no usable inputs");
            }
            LocalBench.Report r = LocalBench.run(new EvaluatorContext(Map.of()), inputs, EvalRunner.BATCH);
            spec.commandLine().getOut().println(r.describe());
            return 0;
        }
    }

    static void requireFile(Path p, String option) {
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(option + " " + p + ": no such file");
        }
    }
}
