package dev.genaimon.ingest.azuremonitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Settings of the Azure Monitor source (configuration keys under {@code azure-monitor.}).
 *
 * @param workspaceId   Log Analytics workspace (customer) id
 * @param query         the KQL query; the source appends time bounds, the page cursor, ordering and {@code take}
 * @param timeColumn    the rows' time column, compared with the watermark ({@code TimeGenerated})
 * @param idColumn      a column unique per row: page tie-breaker and deduplication key ({@code _ItemId})
 * @param mapping       result columns to interaction fields
 * @param interval      pause between two polls
 * @param lookback      how far back the first poll (no watermark yet) reads
 * @param overlap       each poll re-reads this much before the watermark, for rows that arrive late (Log Analytics'
 *                      ingestion delay); rows already written are recognised by their id and skipped
 * @param pageSize      rows per query ({@code take}); a full page is followed by the next one
 * @param maxPages      pages per poll at most; the next poll goes on from there
 * @param maxSeenRows   row ids remembered for deduplication in the overlap window at most
 * @param serverTimeout query timeout asked of the service
 */
public record AzureMonitorSettings(String workspaceId, String query, String timeColumn, String idColumn,
                                   ColumnMapping mapping, Duration interval, Duration lookback, Duration overlap,
                                   int pageSize, int maxPages, int maxSeenRows, Duration serverTimeout) {

    /** About 17 bytes each in the watermark record: 50,000 stay below Kafka's default 1 MiB record limit. */
    public static final int MAX_SEEN_ROWS = 50_000;

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public AzureMonitorSettings {
        List<String> problems = new ArrayList<>();
        if (workspaceId == null || workspaceId.isBlank()) {
            problems.add("workspace-id is required");
        }
        if (query == null || query.isBlank()) {
            problems.add("query is required");
        }
        if (timeColumn == null || !IDENTIFIER.matcher(timeColumn).matches()) {
            problems.add("time-column must be a column name, got '" + timeColumn + "'");
        }
        if (idColumn == null || !IDENTIFIER.matcher(idColumn).matches()) {
            problems.add("id-column must be a column name, got '" + idColumn + "'");
        }
        if (mapping == null) {
            problems.add("columns (the column mapping) is required");
        }
        if (interval == null || interval.isNegative() || interval.isZero()) {
            problems.add("interval must be positive");
        }
        if (lookback == null || lookback.isNegative()) {
            problems.add("lookback must not be negative");
        }
        if (overlap == null || overlap.isNegative()) {
            problems.add("overlap must not be negative");
        }
        if (pageSize < 1 || pageSize > 500_000) {
            problems.add("page-size must be in [1, 500000] (Log Analytics returns at most 500,000 rows)");
        }
        if (maxPages < 1) {
            problems.add("max-pages-per-poll must be at least 1");
        }
        if (maxSeenRows < pageSize || maxSeenRows > MAX_SEEN_ROWS) {
            problems.add("max-seen-rows must be in [page-size, " + MAX_SEEN_ROWS + "], got " + maxSeenRows);
        }
        if (serverTimeout == null || serverTimeout.isNegative() || serverTimeout.isZero()) {
            problems.add("server-timeout must be positive");
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
        query = query.strip();
    }

    /** Every problem of the settings, each naming its key (without the {@code azure-monitor.} prefix). */
    public static final class InvalidSettingsException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;
        private final List<String> problems;

        InvalidSettingsException(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /** The key of this source's watermark on the watermark topic. */
    public String sourceKey() {
        return "azure-monitor/" + workspaceId;
    }
}
