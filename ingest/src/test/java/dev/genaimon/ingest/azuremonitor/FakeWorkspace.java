package dev.genaimon.ingest.azuremonitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-memory workspace that answers the page queries of {@link KqlTemplate} (time bounds, cursor, order, take) the
 * way Log Analytics would. Rows have TimeGenerated, _ItemId, App and Model.
 */
final class FakeWorkspace implements LogsQuery {

    private static final Pattern BOUNDS = Pattern.compile(
            "TimeGenerated > datetime\\(([^)]+)\\) and TimeGenerated <= datetime\\(([^)]+)\\)");
    private static final Pattern CURSOR = Pattern.compile("TimeGenerated > datetime\\(([^)]+)\\) or "
            + "\\(TimeGenerated == datetime\\(\\1\\) and strcmp\\(tostring\\(_ItemId\\), \"([^\"]*)\"\\) > 0\\)");
    private static final Pattern TAKE = Pattern.compile("\\| take (\\d+)$");

    private final List<LogRow> rows = new ArrayList<>();
    final List<String> queries = new ArrayList<>();
    /** The query with this number (1-based) fails once. */
    int failQuery = -1;

    void add(Instant time, String id, String model) {
        rows.add(new LogRow(Map.of("TimeGenerated", time.toString(), "_ItemId", id, "App", "bot", "Model", model)));
    }

    @Override
    public List<LogRow> run(String kql, Instant after, Instant until) {
        queries.add(kql);
        if (queries.size() == failQuery) {
            throw new IllegalStateException("injected query failure");
        }
        Matcher bounds = BOUNDS.matcher(kql);
        Matcher take = TAKE.matcher(kql);
        if (!bounds.find() || !take.find()) {
            throw new AssertionError("unexpected query " + kql);
        }
        Instant from = Instant.parse(bounds.group(1));
        Instant to = Instant.parse(bounds.group(2));
        Matcher cursor = CURSOR.matcher(kql);
        Instant cursorTime = cursor.find() ? Instant.parse(cursor.group(1)) : null;
        String cursorId = cursorTime == null ? null : cursor.group(2);
        return rows.stream()
                .filter(r -> time(r).isAfter(from) && !time(r).isAfter(to))
                .filter(r -> cursorTime == null || time(r).isAfter(cursorTime)
                        || time(r).equals(cursorTime) && r.get("_ItemId").compareTo(cursorId) > 0)
                .sorted(Comparator.comparing(FakeWorkspace::time).thenComparing(r -> r.get("_ItemId")))
                .limit(Long.parseLong(take.group(1)))
                .toList();
    }

    private static Instant time(LogRow row) {
        return Instant.parse(row.get("TimeGenerated"));
    }
}
