package dev.genaimon.evaluators.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Offline drift comparison of a reference and a current data set, the engine behind
 * {@code genaimon drift compare --reference FILE --current FILE --out REPORT.json
 * [--exact|--sketch] [--html REPORT.html]}.
 *
 * <p>Inputs, detected from the reference file:
 * <ul>
 *   <li>JSON lines of feature rows, {@code {"feature_name": value, ...}}: a feature is numeric
 *       when all its non-null values are numbers and categorical as soon as one is a string or
 *       boolean (numbers are then compared as their text); JSON null counts as a null. The
 *       output lists {@code "features"} by {@code "name"}.</li>
 *   <li>the reference-vector format {@code {"cases": [...]}} (current file ignored, normally the
 *       same file): the output lists {@code "cases"} by {@code "id"}.</li>
 * </ul>
 * In {@link Mode#SKETCH} the statistics come from {@link FeatureProfile}s built from the inputs,
 * i.e. exactly what the streaming pipeline would compute.
 */
public final class DriftComparison {

    /** Raw samples, or the sketches the pipeline keeps. */
    public enum Mode { EXACT, SKETCH }

    /** The outcome for one feature (or vector case). */
    public record FeatureResult(
            String name,
            boolean numeric,
            FeatureStatistics statistics,
            DriftVerdict verdict,
            long referenceCount,
            long currentCount,
            long referenceNulls,
            long currentNulls,
            String method) {

        public String type() {
            return numeric ? "numeric" : "categorical";
        }
    }

    /** What a run produced. */
    public record Summary(Mode mode, boolean vectorInput, List<FeatureResult> results, Path json, Path html) {

        public Summary {
            results = List.copyOf(results);
        }

        public long drifted() {
            return results.stream().filter(r -> r.verdict().driftDetected()).count();
        }

        public long insufficientData() {
            return results.stream().filter(r -> r.verdict().status() == DriftVerdict.Status.INSUFFICIENT_DATA).count();
        }
    }

    private final DriftSettings settings;
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public DriftComparison(DriftSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Compares, writes the JSON report (and the HTML report when {@code html} is not null), and
     * returns the summary.
     *
     * @throws IOException              if a file cannot be read or written
     * @throws IllegalArgumentException if an input is not valid JSON lines / vector format
     */
    public Summary run(Path reference, Path current, Mode mode, Path json, Path html) throws IOException {
        JsonNode first = firstValue(reference);
        boolean vectors = VectorCase.isVectorFile(first);
        List<FeatureResult> results = vectors
                ? compareVectors(VectorCase.parse(mapper.readTree(reference.toFile())), mode)
                : compareRows(readRows(reference), readRows(current), mode);
        Summary summary = new Summary(mode, vectors, results, json, html);
        writeJson(summary, reference, current, json);
        if (html != null) {
            String title = "Drift report: " + reference.getFileName() + " vs " + current.getFileName();
            Files.writeString(html, HtmlReport.render(title, summary), StandardCharsets.UTF_8);
        }
        return summary;
    }

    List<FeatureResult> compareVectors(List<VectorCase> cases, Mode mode) {
        List<FeatureResult> results = new ArrayList<>();
        for (VectorCase c : cases) {
            Column ref = new Column();
            Column cur = new Column();
            if (c.numeric()) {
                Arrays.stream(c.reference()).forEach(ref::addNumber);
                Arrays.stream(c.current()).forEach(cur::addNumber);
            } else {
                c.referenceCounts().forEach(ref::addCategory);
                c.currentCounts().forEach(cur::addCategory);
            }
            results.add(compare(c.id(), c.numeric(), ref, cur, mode));
        }
        return results;
    }

    List<FeatureResult> compareRows(Map<String, Column> reference, Map<String, Column> current, Mode mode) {
        Map<String, Boolean> numeric = new LinkedHashMap<>();
        for (Map<String, Column> side : List.of(reference, current)) {
            side.forEach((name, col) -> numeric.merge(name, !col.sawText, Boolean::logicalAnd));
        }
        List<FeatureResult> results = new ArrayList<>();
        numeric.forEach((name, isNumeric) -> results.add(compare(name, isNumeric,
                reference.getOrDefault(name, new Column()), current.getOrDefault(name, new Column()), mode)));
        return results;
    }

    private FeatureResult compare(String name, boolean numeric, Column ref, Column cur, Mode mode) {
        DriftThresholds t = settings.forFeature(name);
        FeatureStatistics stats;
        String how;
        if (numeric) {
            if (mode == Mode.EXACT) {
                stats = DriftStatistics.exactNumeric(ref.numbers(), cur.numbers());
                how = "exact";
            } else {
                stats = DriftStatistics.sketchNumeric(ref.numericProfile(), cur.numericProfile());
                how = "sketch (KLL k=" + FeatureProfile.DEFAULT_KLL_K + ")";
            }
            how += String.format(Locale.ROOT, "; drift if wasserstein_norm > %s or ks_pvalue < %s with reference < %d,"
                    + " or psi >= %s", t.wassersteinNorm(), t.ksPValue(), t.smallReference(), t.psiAlert());
        } else {
            Map<String, Long> rc = ref.categoriesIncludingNumbers();
            Map<String, Long> cc = cur.categoriesIncludingNumbers();
            if (mode == Mode.EXACT) {
                stats = DriftStatistics.exactCategorical(rc, cc);
                how = "exact";
            } else {
                stats = DriftStatistics.sketchCategorical(Column.categoricalProfile(rc), Column.categoricalProfile(cc));
                how = "sketch (frequent items, map " + FeatureProfile.DEFAULT_MAX_MAP_SIZE + ")";
            }
            how += String.format(Locale.ROOT, "; drift if js_distance > %s or chi2_pvalue < %s or psi >= %s",
                    t.jsDistance(), t.chi2PValue(), t.psiAlert());
        }
        long rn = numeric ? ref.numberCount : ref.categoryTotal();
        long cn = numeric ? cur.numberCount : cur.categoryTotal();
        DriftVerdict verdict = DriftVerdict.of(stats, rn, cn, t);
        return new FeatureResult(name, numeric, stats, verdict, rn, cn, ref.nulls, cur.nulls, how);
    }

    private JsonNode firstValue(Path file) throws IOException {
        try (MappingIterator<JsonNode> it = mapper.readerFor(JsonNode.class).readValues(file.toFile())) {
            return it.hasNextValue() ? it.nextValue() : null;
        }
    }

    private Map<String, Column> readRows(Path file) throws IOException {
        Map<String, Column> columns = new LinkedHashMap<>();
        long row = 0;
        try (MappingIterator<JsonNode> it = mapper.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNextValue()) {
                JsonNode node = it.nextValue();
                row++;
                if (!node.isObject()) {
                    throw new IllegalArgumentException(file + ": row " + row + " is not a JSON object");
                }
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> f = fields.next();
                    columns.computeIfAbsent(f.getKey(), k -> new Column()).add(f.getValue());
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not JSON lines (" + e.getOriginalMessage() + ")", e);
        }
        return columns;
    }

    private void writeJson(Summary summary, Path reference, Path current, Path out) throws IOException {
        ObjectNode root = mapper.createObjectNode();
        root.put("mode", summary.mode().name().toLowerCase(Locale.ROOT));
        root.put("reference", reference.toString());
        root.put("current", current.toString());
        ArrayNode items = root.putArray(summary.vectorInput() ? "cases" : "features");
        for (FeatureResult r : summary.results()) {
            ObjectNode item = items.addObject();
            item.put(summary.vectorInput() ? "id" : "name", r.name());
            item.put("type", r.type());
            ObjectNode stats = item.putObject("statistics");
            r.statistics().asMap().forEach((k, v) -> {
                if (Double.isFinite(v)) {
                    stats.put(k, v);
                } else {
                    stats.putNull(k); // JSON has no NaN
                }
            });
            item.put("drift_detected", r.verdict().driftDetected());
            item.put("verdict", r.verdict().status().name());
            item.put("psi_level", r.verdict().psiLevel().name());
            ArrayNode reasons = item.putArray("reasons");
            r.verdict().reasons().forEach(reasons::add);
            item.put("method", r.method());
            item.put("reference_count", r.referenceCount());
            item.put("current_count", r.currentCount());
            item.put("reference_nulls", r.referenceNulls());
            item.put("current_nulls", r.currentNulls());
        }
        ObjectNode s = root.putObject("summary");
        s.put("total", summary.results().size());
        s.put("drifted", summary.drifted());
        s.put("insufficient_data", summary.insufficientData());
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            mapper.writeValue(w, root);
        }
    }

    /** Values of one feature on one side, as read. */
    static final class Column {
        private double[] numbers = new double[16];
        private int numberCount;
        private final Map<String, Long> categories = new LinkedHashMap<>();
        private long nulls;
        private boolean sawText;

        void add(JsonNode v) {
            if (v == null || v.isNull() || v.isMissingNode()) {
                nulls++;
            } else if (v.isNumber()) {
                addNumber(v.asDouble());
            } else if (v.isTextual() || v.isBoolean()) {
                sawText = true;
                addCategory(v.asText(), 1L);
            } else {
                // nested objects/arrays are not features; count them as missing rather than fail
                nulls++;
            }
        }

        void addNumber(double v) {
            if (Double.isNaN(v)) {
                nulls++;
                return;
            }
            if (numberCount == numbers.length) {
                numbers = Arrays.copyOf(numbers, numberCount * 2);
            }
            numbers[numberCount++] = v;
        }

        void addCategory(String category, Long count) {
            categories.merge(category, count, Long::sum);
        }

        double[] numbers() {
            return Arrays.copyOf(numbers, numberCount);
        }

        long categoryTotal() {
            return categoriesIncludingNumbers().values().stream().mapToLong(Long::longValue).sum();
        }

        /** For a categorical feature, numbers seen along the way count as their JSON text. */
        Map<String, Long> categoriesIncludingNumbers() {
            if (numberCount == 0) {
                return categories;
            }
            Map<String, Long> all = new LinkedHashMap<>(categories);
            for (int i = 0; i < numberCount; i++) {
                double v = numbers[i];
                String text = v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
                all.merge(text, 1L, Long::sum);
            }
            return all;
        }

        FeatureProfile numericProfile() {
            FeatureProfile p = FeatureProfile.numeric();
            for (int i = 0; i < numberCount; i++) {
                p.update(numbers[i]);
            }
            return p;
        }

        static FeatureProfile categoricalProfile(Map<String, Long> counts) {
            FeatureProfile p = FeatureProfile.categorical();
            counts.forEach(p::updateCategory);
            return p;
        }
    }
}
