package dev.genaimon.evaluators.safety.scan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.genaimon.evaluators.safety.attack.CascadeAttackDetector;
import dev.genaimon.evaluators.safety.attack.ContextAttackReport;
import dev.genaimon.evaluators.safety.attack.PromptAttackDetector;
import dev.genaimon.evaluators.safety.azure.ContentSafetyDetector;
import dev.genaimon.evaluators.safety.azure.ContentSafetyJson;
import dev.genaimon.evaluators.safety.harm.HarmCategory;
import dev.genaimon.evaluators.safety.harm.HarmDetector;
import dev.genaimon.evaluators.safety.harm.HarmResult;
import dev.genaimon.evaluators.safety.harm.HarmfulComplianceDetector;
import dev.genaimon.evaluators.safety.pii.PiiDetector;
import dev.genaimon.evaluators.safety.pii.PiiEntity;
import dev.genaimon.evaluators.safety.pii.Redactor;
import dev.genaimon.evaluators.safety.refusal.RefusalDetector;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Batch scanner core: JSONL in ({@code id}, {@code text}, optional {@code role} prompt|response, optional
 * {@code context} list), one JSON line out per accepted input. Malformed lines are reported to the
 * {@link ProgressListener} with their line number and reason and skipped; the scan never aborts on input.
 * I/O errors on the reader or writer propagate. The CLI is a thin wrapper around this class.
 */
public final class SafetyScanner {

    /**
     * The local detectors, as the enrich stage runs them (no embeddings); {@code pii} also produces the
     * {@code redacted} field.
     */
    public static final Set<String> ALL_DETECTORS = Set.of("attack", "harm", "harmful_compliance", "refusal", "pii");

    /**
     * The scanner's default: the local detectors plus {@code attack_embedding}, the attack cascade's second stage
     * (prompts the linear model cannot decide are embedded with MiniLM, a bounded window of their wordpieces, and
     * scored by the combined model: higher recall at a lower FPR, docs/safety.md). Opt out by listing
     * {@link #ALL_DETECTORS} in {@code --detectors}.
     */
    public static final Set<String> DEFAULT_DETECTORS = Set.of("attack", "attack_embedding", "harm",
            "harmful_compliance", "refusal", "pii");

    /** Detectors never part of the default set: {@code azure} (Content Safety; needs configuration). */
    public static final Set<String> OPTIONAL_DETECTORS = Set.of("azure");

    private static boolean known(String detector) {
        return DEFAULT_DETECTORS.contains(detector) || OPTIONAL_DETECTORS.contains(detector);
    }

    private static final JsonFactory JSON = new JsonFactory();

    private final PromptAttackDetector attacks;
    private final CascadeAttackDetector cascade;
    private final HarmDetector harm;
    private final HarmfulComplianceDetector compliance;
    private final RefusalDetector refusals;
    private final PiiDetector pii;
    private final Redactor redactor;
    private final ContentSafetyDetector azure;

    public SafetyScanner(PromptAttackDetector attacks, PiiDetector pii, Redactor redactor) {
        this(attacks, CascadeAttackDetector.createDefault(attacks), pii, redactor, null);
    }

    private SafetyScanner(PromptAttackDetector attacks, CascadeAttackDetector cascade, PiiDetector pii,
                          Redactor redactor, ContentSafetyDetector azure) {
        this.azure = azure;
        this.attacks = attacks;
        this.cascade = cascade;
        this.harm = new HarmDetector();
        this.compliance = new HarmfulComplianceDetector();
        this.refusals = new RefusalDetector();
        this.pii = pii;
        this.redactor = redactor;
    }

    /** This scanner with Azure AI Content Safety as the {@code azure} detector (network calls, budgeted). */
    public SafetyScanner withAzure(ContentSafetyDetector detector) {
        return new SafetyScanner(attacks, cascade, pii, redactor, detector);
    }

    /** Prompts scored by the attack cascade so far, and how many of them were embedded. */
    public long[] cascadeCounts() {
        return new long[] {cascade.scored(), cascade.embedded()};
    }

    /** Of the embedded prompts, how many vectors came from the cascade's cache (repeated prompts). */
    public long cascadeCacheHits() {
        return cascade.cacheHits();
    }

    /** Shipped models, default thresholds, every PII type masked. */
    public static SafetyScanner createDefault() {
        return new SafetyScanner(PromptAttackDetector.createDefault(), PiiDetector.createDefault(), Redactor.maskAll());
    }

    /**
     * Validates a {@code --detectors} selection.
     *
     * @throws IllegalArgumentException naming the unknown detectors and the valid ones
     */
    public static Set<String> parseDetectors(String commaSeparated) {
        Set<String> chosen = java.util.Arrays.stream(commaSeparated.split(","))
                .map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        Set<String> unknown = chosen.stream().filter(s -> !known(s)).collect(Collectors.toSet());
        if (!unknown.isEmpty() || chosen.isEmpty()) {
            throw new IllegalArgumentException("unknown detectors " + unknown + "; choose from " + DEFAULT_DETECTORS
                    + " and " + OPTIONAL_DETECTORS);
        }
        return chosen;
    }

    private static Set<String> requireKnown(Set<String> detectors) {
        Set<String> selected = Set.copyOf(detectors);
        if (!selected.stream().allMatch(SafetyScanner::known)) {
            throw new IllegalArgumentException("unknown detectors in " + selected + "; choose from " + DEFAULT_DETECTORS
                    + " and " + OPTIONAL_DETECTORS);
        }
        return selected;
    }

    /**
     * Scans every line of {@code in} and writes one JSON line per accepted input to {@code out} (not closed).
     *
     * @param detectors subset of {@link #DEFAULT_DETECTORS} and {@link #OPTIONAL_DETECTORS}
     */
    public ScanSummary scan(BufferedReader in, Writer out, Set<String> detectors, ProgressListener progress)
            throws IOException {
        Set<String> selected = requireKnown(detectors);
        if (selected.contains("azure") && azure == null) {
            throw new IllegalArgumentException("detector azure needs Azure AI Content Safety configured "
                    + "(content-safety.endpoint)");
        }
        long read = 0;
        long scanned = 0;
        long rejected = 0;
        long attackCount = 0;
        long piiCount = 0;
        long harmful = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            read++;
            ParseResult parsed = LineParser.parse(line);
            if (parsed instanceof ParseResult.Rejected r) {
                rejected++;
                progress.onMalformed(read, r.reason());
            } else if (parsed instanceof ParseResult.Accepted a) {
                Outcome o = scanOne(a.request(), selected, out);
                scanned++;
                attackCount += o.attack ? 1 : 0;
                piiCount += o.pii ? 1 : 0;
                harmful += o.harmful ? 1 : 0;
            }
            progress.onProgress(read, scanned, rejected);
        }
        out.flush();
        return new ScanSummary(read, scanned, rejected, attackCount, piiCount, harmful);
    }

    private record Outcome(boolean attack, boolean pii, boolean harmful) {
    }

    /** Lines per task of the parallel scan. */
    private static final int BATCH_LINES = 32;

    /**
     * {@link #scan(BufferedReader, Writer, Set, ProgressListener)} on {@code threads} worker threads: lines are read
     * in batches of {@value #BATCH_LINES}, scanned in parallel, and written (and reported to {@code progress}) in
     * input order from the calling thread, so the output is the same as the one-thread scan's. At most
     * {@code 4 × threads} batches are in flight, so memory stays bounded whatever the input size. With one thread,
     * or with the {@code azure} detector (a per-minute budget and a circuit breaker meant for one caller), this is
     * the one-thread scan.
     */
    public ScanSummary scan(BufferedReader in, Writer out, Set<String> detectors, ProgressListener progress, int threads)
            throws IOException {
        Set<String> selected = requireKnown(detectors);
        if (threads <= 1 || selected.contains("azure")) {
            return scan(in, out, selected, progress);
        }
        AtomicInteger workerIds = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread t = new Thread(task, "safety-scan-" + workerIds.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        long[] totals = new long[6]; // read, scanned, rejected, attacks, pii, harmful
        ArrayDeque<Future<Batch>> pending = new ArrayDeque<>();
        try {
            long lineNumber = 0;
            boolean more = true;
            while (more) {
                List<String> lines = new ArrayList<>(BATCH_LINES);
                for (String line = null; lines.size() < BATCH_LINES && (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
                more = lines.size() == BATCH_LINES;
                if (lines.isEmpty()) {
                    break;
                }
                long first = lineNumber + 1;
                lineNumber += lines.size();
                pending.add(pool.submit(() -> scanBatch(first, lines, selected)));
                if (pending.size() >= 4 * threads) {
                    emit(await(pending.poll()), out, progress, totals);
                }
            }
            while (!pending.isEmpty()) {
                emit(await(pending.poll()), out, progress, totals);
            }
        } finally {
            pool.shutdownNow();
        }
        out.flush();
        return new ScanSummary(totals[0], totals[1], totals[2], totals[3], totals[4], totals[5]);
    }

    /** One batch's output text and, per line, null (scanned) or the reason it was skipped. */
    private record Batch(long firstLine, String output, String[] rejections, long attacks, long pii, long harmful) {
    }

    private Batch scanBatch(long firstLine, List<String> lines, Set<String> selected) throws IOException {
        StringWriter out = new StringWriter(lines.size() * 512);
        String[] rejections = new String[lines.size()];
        long attacks = 0;
        long withPii = 0;
        long harmful = 0;
        for (int i = 0; i < lines.size(); i++) {
            ParseResult parsed = LineParser.parse(lines.get(i));
            if (parsed instanceof ParseResult.Rejected r) {
                rejections[i] = r.reason();
            } else if (parsed instanceof ParseResult.Accepted a) {
                Outcome o = scanOne(a.request(), selected, out);
                attacks += o.attack ? 1 : 0;
                withPii += o.pii ? 1 : 0;
                harmful += o.harmful ? 1 : 0;
            }
        }
        return new Batch(firstLine, out.toString(), rejections, attacks, withPii, harmful);
    }

    private static Batch await(Future<Batch> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while scanning");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    private static void emit(Batch b, Writer out, ProgressListener progress, long[] totals) throws IOException {
        out.write(b.output());
        for (int i = 0; i < b.rejections().length; i++) {
            totals[0]++;
            if (b.rejections()[i] != null) {
                totals[2]++;
                progress.onMalformed(b.firstLine() + i, b.rejections()[i]);
            } else {
                totals[1]++;
            }
            progress.onProgress(totals[0], totals[1], totals[2]);
        }
        totals[3] += b.attacks();
        totals[4] += b.pii();
        totals[5] += b.harmful();
    }

    /** Scans one request into one JSON object (no trailing newline); used by tests and the enrich step. */
    public String scanToJson(ScanRequest request, Set<String> detectors) {
        StringWriter w = new StringWriter();
        try {
            scanOne(request, Set.copyOf(detectors), w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString().stripTrailing();
    }

    private Outcome scanOne(ScanRequest r, Set<String> selected, Writer out) throws IOException {
        boolean attackFound = false;
        boolean piiFound = false;
        boolean harmfulFound = false;
        StringWriter buffer = new StringWriter(256 + r.text().length());
        try (JsonGenerator g = JSON.createGenerator(buffer)) {
            g.writeStartObject();
            g.writeStringField("id", r.id());
            if (selected.contains("attack") || selected.contains("attack_embedding")) {
                // the cascade scores prompts only: it was trained on prompts, and a response is not an attack vector
                boolean embedding = selected.contains("attack_embedding") && !r.response();
                CascadeAttackDetector.Report cascaded = embedding ? cascade.detectWithContext(r.text(), r.context()) : null;
                ContextAttackReport report = embedding ? cascaded.report()
                        : attacks.detectWithContext(r.text(), r.context());
                attackFound = report.detected();
                g.writeObjectFieldStart("attack");
                g.writeNumberField("score", round(report.score()));
                g.writeBooleanField("detected", report.detected());
                if (embedding && cascaded.embedded()) {
                    g.writeBooleanField("embedded", true);
                }
                if (!report.locations().isEmpty()) {
                    g.writeArrayFieldStart("context_locations");
                    for (ContextAttackReport.Location l : report.locations()) {
                        g.writeStartObject();
                        g.writeNumberField("document", l.document());
                        g.writeNumberField("start", l.start());
                        g.writeNumberField("end", l.end());
                        g.writeNumberField("score", round(l.score()));
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            HarmResult h = null;
            if (selected.contains("harm")) {
                h = harm.detect(r.text());
                harmfulFound = h.max() >= 4;
                g.writeObjectFieldStart("harm");
                for (HarmCategory c : HarmCategory.values()) {
                    g.writeNumberField(c.jsonName(), h.severity(c));
                }
                g.writeEndObject();
            }
            if (r.response() && selected.contains("harmful_compliance")) {
                // no request text in the scanner; the response's harm is reused when it was computed above
                double s = compliance.score(r.text(), refusals.score(r.text()), h != null ? h : harm.detect(r.text()),
                        HarmResult.NONE);
                g.writeObjectFieldStart("harmful_compliance");
                g.writeNumberField("score", round(s));
                g.writeBooleanField("detected", compliance.detected(s));
                g.writeEndObject();
            }
            if (selected.contains("refusal")) {
                g.writeBooleanField("refusal", r.response() && refusals.detect(r.text()).refused());
            }
            if (selected.contains("pii")) {
                List<PiiEntity> entities = pii.detect(r.text());
                piiFound = !entities.isEmpty();
                g.writeArrayFieldStart("pii");
                for (PiiEntity e : entities) {
                    g.writeStartObject();
                    g.writeStringField("type", e.type());
                    g.writeNumberField("start", e.start());
                    g.writeNumberField("end", e.end());
                    g.writeNumberField("score", round(e.score()));
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeStringField("redacted", redactor.redact(r.text(), entities));
            }
            if (azure != null && selected.contains("azure")) {
                ContentSafetyJson.write(g, ContentSafetyJson.inspect(azure, r.text(), r.response(), r.context()));
            }
            g.writeEndObject();
        }
        out.write(buffer.toString());
        out.write('\n');
        return new Outcome(attackFound, piiFound, harmfulFound);
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
