package dev.genaimon.app.cli;

import dev.genaimon.evaluators.drift.DriftComparison;
import dev.genaimon.evaluators.drift.DriftSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "drift", mixinStandardHelpOptions = true, description = "Drift and skew analysis.",
        subcommands = {DriftCommand.Compare.class})
final class DriftCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = {"Compare a current dataset with a reference, feature by feature.",
                    "Input: JSON lines of feature rows ({\"name\": value, ...}), or the drift-vector format "
                            + "({\"cases\": [...]}) as --reference and --current."})
    static final class Compare implements Callable<Integer> {
        @Option(names = "--reference", required = true, paramLabel = "FILE")
        Path reference;

        @Option(names = "--current", required = true, paramLabel = "FILE")
        Path current;

        @Option(names = "--out", required = true, paramLabel = "REPORT.json")
        Path out;

        @Option(names = "--html", paramLabel = "REPORT.html", description = "Also write an HTML report with histograms.")
        Path html;

        @ArgGroup(exclusive = true)
        ModeFlags mode;

        static final class ModeFlags {
            @Option(names = "--exact", description = "Exact statistics from the raw samples (default).")
            boolean exact;

            @Option(names = "--sketch", description = "Statistics from KLL / frequent-items sketches, as online.")
            boolean sketch;
        }

        @Override
        public Integer call() throws Exception {
            DriftComparison.Mode chosen = mode != null && mode.sketch ? DriftComparison.Mode.SKETCH
                    : DriftComparison.Mode.EXACT;
            DriftComparison.Summary summary = new DriftComparison(DriftSettings.DEFAULTS)
                    .run(reference, current, chosen, out, html);
            System.out.printf("%d features compared (%s): %d drifted, %d with insufficient data. Report: %s%s%n",
                    summary.results().size(), chosen.name().toLowerCase(java.util.Locale.ROOT), summary.drifted(),
                    summary.insufficientData(), out, html == null ? "" : ", " + html);
            return 0;
        }
    }
}
