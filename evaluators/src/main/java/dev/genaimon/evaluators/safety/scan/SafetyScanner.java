package dev.genaimon.evaluators.safety.scan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
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
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
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

    /** Detector names accepted by {@link #scan}; {@code pii} also produces the {@code redacted} field. */
    public static final Set<String> ALL_DETECTORS = Set.of("attack", "harm", "harmful_compliance", "refusal", "pii");

    /** Detectors that need configuration and are never part of the default set: {@code azure} (Content Safety). */
    public static final Set<String> OPTIONAL_DETECTORS = Set.of("azure");

    private static final JsonFactory JSON = new JsonFactory();

    private final PromptAttackDetector attacks;
    private final HarmDetector harm;
    private final HarmfulComplianceDetector compliance;
    private final RefusalDetector refusals;
    private final PiiDetector pii;
    private final Redactor redactor;
    private final ContentSafetyDetector azure;

    public SafetyScanner(PromptAttackDetector attacks, PiiDetector pii, Redactor redactor) {
        this(attacks, pii, redactor, null);
    }

    private SafetyScanner(PromptAttackDetector attacks, PiiDetector pii, Redactor redactor,
                          ContentSafetyDetector azure) {
        this.azure = azure;
        this.attacks = attacks;
        this.harm = new HarmDetector();
        this.compliance = new HarmfulComplianceDetector();
        this.refusals = new RefusalDetector();
        this.pii = pii;
        this.redactor = redactor;
    }

    /** This scanner with Azure AI Content Safety as the {@code azure} detector (network calls, budgeted). */
    public SafetyScanner withAzure(ContentSafetyDetector detector) {
        return new SafetyScanner(attacks, pii, redactor, detector);
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
        Set<String> unknown = chosen.stream().filter(s -> !ALL_DETECTORS.contains(s) && !OPTIONAL_DETECTORS.contains(s))
                .collect(Collectors.toSet());
        if (!unknown.isEmpty() || chosen.isEmpty()) {
            throw new IllegalArgumentException("unknown detectors " + unknown + "; choose from " + ALL_DETECTORS
                    + " and " + OPTIONAL_DETECTORS);
        }
        return chosen;
    }

    /**
     * Scans every line of {@code in} and writes one JSON line per accepted input to {@code out} (not closed).
     *
     * @param detectors subset of {@link #ALL_DETECTORS}
     */
    public ScanSummary scan(BufferedReader in, Writer out, Set<String> detectors, ProgressListener progress)
            throws IOException {
        Set<String> selected = Set.copyOf(detectors);
        if (!selected.stream().allMatch(d -> ALL_DETECTORS.contains(d) || OPTIONAL_DETECTORS.contains(d))) {
            throw new IllegalArgumentException("unknown detectors in " + selected + "; choose from " + ALL_DETECTORS);
        }
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
            if (selected.contains("attack")) {
                ContextAttackReport report = attacks.detectWithContext(r.text(), r.context());
                attackFound = report.detected();
                g.writeObjectFieldStart("attack");
                g.writeNumberField("score", round(report.score()));
                g.writeBooleanField("detected", report.detected());
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
            if (selected.contains("harm")) {
                HarmResult h = harm.detect(r.text());
                harmfulFound = h.max() >= 4;
                g.writeObjectFieldStart("harm");
                for (HarmCategory c : HarmCategory.values()) {
                    g.writeNumberField(c.jsonName(), h.severity(c));
                }
                g.writeEndObject();
            }
            if (r.response() && selected.contains("harmful_compliance")) {
                double s = compliance.score("", r.text());
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
