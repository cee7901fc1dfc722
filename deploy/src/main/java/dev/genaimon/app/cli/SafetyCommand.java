package dev.genaimon.app.cli;

import dev.genaimon.evaluators.safety.azure.ContentSafetyDetector;
import dev.genaimon.evaluators.safety.azure.ContentSafetySettings;
import dev.genaimon.evaluators.safety.scan.ProgressListener;
import dev.genaimon.evaluators.safety.scan.SafetyScanner;
import dev.genaimon.evaluators.safety.scan.ScanSummary;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "safety", mixinStandardHelpOptions = true, description = "Safety detectors offline.",
        subcommands = {SafetyCommand.Scan.class})
final class SafetyCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "scan", mixinStandardHelpOptions = true,
            description = {"Scan a JSONL file with the detectors the enrich stage runs online plus, by default, the "
                    + "MiniLM attack cascade (attack_embedding) for prompts the linear attack model cannot decide.",
                    "Input lines: {\"id\", \"text\", \"role\": \"prompt\"|\"response\", \"context\": [..]}.",
                    "Output: one JSON line per input with attack, harm, harmful_compliance (responses), refusal, "
                            + "pii and the redacted text. Malformed lines are reported with their number and skipped."})
    static final class Scan implements Callable<Integer> {
        @Option(names = "--in", required = true, paramLabel = "FILE.jsonl")
        Path in;

        @Option(names = "--out", required = true, paramLabel = "FILE.jsonl")
        Path out;

        @Option(names = "--detectors", paramLabel = "LIST",
                description = "Comma-separated subset of attack, attack_embedding, harm, harmful_compliance, refusal,"
                        + " pii (default: all of these), plus azure (Azure AI Content Safety; needs --azure-endpoint)."
                        + " attack_embedding: prompts the linear attack model cannot decide are also embedded with"
                        + " MiniLM and scored by the combined model (higher recall; a few ms per embedded prompt);"
                        + " leave it out (--detectors attack,harm,harmful_compliance,refusal,pii) for the linear"
                        + " model alone.")
        String detectors;

        @Option(names = "--threads", paramLabel = "N",
                description = "Worker threads (default: the number of cores); the output keeps the input order.")
        int threads = Runtime.getRuntime().availableProcessors();

        @Option(names = "--azure-endpoint", paramLabel = "URL",
                description = "Azure AI Content Safety endpoint for the azure detector.")
        String azureEndpoint;

        @Option(names = "--azure-setting", paramLabel = "KEY=VALUE",
                description = "A content-safety.* setting for the azure detector, e.g. api-key-env=CS_KEY, "
                        + "requests-per-minute=600, timeout=5s (repeatable; see docs/safety.md).")
        Map<String, String> azureSettings = new LinkedHashMap<>();

        @Override
        public Integer call() throws Exception {
            Set<String> chosen = detectors == null ? SafetyScanner.DEFAULT_DETECTORS
                    : SafetyScanner.parseDetectors(detectors);
            if (!Files.isRegularFile(in)) {
                throw new IllegalArgumentException("--in " + in + ": no such file");
            }
            ProgressBar bar = new ProgressBar(System.err);
            long started = System.nanoTime();
            ScanSummary summary;
            SafetyScanner scanner = scanner(chosen);
            try (BufferedReader reader = Files.newBufferedReader(in, StandardCharsets.UTF_8);
                 BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                summary = scanner.scan(reader, writer, chosen, bar, threads);
            }
            bar.finish();
            double seconds = (System.nanoTime() - started) / 1e9;
            System.err.printf("%d lines: %d scanned, %d skipped; %d attacks, %d with PII, %d harmful (%.0f texts/s)%n",
                    summary.linesRead(), summary.scanned(), summary.rejected(), summary.attacks(), summary.withPii(),
                    summary.harmful(), summary.scanned() / Math.max(seconds, 1e-9));
            if (chosen.contains("attack_embedding")) {
                long[] cascade = scanner.cascadeCounts();
                System.err.printf("attack cascade: %d prompts, %d embedded with MiniLM (%d of them repeats from its "
                        + "cache)%n", cascade[0], cascade[1], scanner.cascadeCacheHits());
            }
            return 0;
        }

        private SafetyScanner scanner(Set<String> chosen) {
            SafetyScanner scanner = SafetyScanner.createDefault();
            if (!chosen.contains("azure")) {
                return scanner;
            }
            Map<String, String> settings = new LinkedHashMap<>();
            azureSettings.forEach((key, value) -> settings.put(ContentSafetySettings.PREFIX + key, value));
            if (azureEndpoint != null) {
                settings.put(ContentSafetySettings.PREFIX + "endpoint", azureEndpoint);
            }
            if (!ContentSafetySettings.enabled(settings)) {
                throw new IllegalArgumentException("--detectors azure needs --azure-endpoint");
            }
            return scanner.withAzure(ContentSafetyDetector.create(ContentSafetySettings.from(settings, System::getenv)));
        }
    }

    /** A progress line on stderr, redrawn at most every 200 ms; silent when stderr is not a terminal. */
    static final class ProgressBar implements ProgressListener {
        private final PrintStream err;
        private final boolean terminal = System.console() != null;
        private long lastDraw;

        ProgressBar(PrintStream err) {
            this.err = err;
        }

        @Override
        public void onProgress(long linesRead, long scanned, long rejected) {
            long now = System.nanoTime();
            if (terminal && now - lastDraw > 200_000_000L) {
                lastDraw = now;
                err.printf("\r%,d lines read, %,d scanned, %,d skipped", linesRead, scanned, rejected);
            }
        }

        @Override
        public void onMalformed(long lineNumber, String reason) {
            err.println((terminal ? "\r" : "") + "line " + lineNumber + ": skipped: " + reason);
        }

        void finish() {
            if (terminal) {
                err.println();
            }
        }
    }
}
