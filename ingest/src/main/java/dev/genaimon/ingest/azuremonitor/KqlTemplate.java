package dev.genaimon.ingest.azuremonitor;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Turns the configured query into one page's query. Pages are read in (time, id) order: the first page of a poll
 * takes the rows with {@code after < time <= until}; each following page starts strictly after the last row of the
 * previous one, comparing the id when times are equal, so rows with equal timestamps on both sides of a page boundary
 * are neither skipped nor read twice.
 *
 * <pre>
 * AppDependencies | where Type == "Azure OpenAI"
 * | where TimeGenerated &gt; datetime(2026-11-24T01:00:00Z) and TimeGenerated &lt;= datetime(2026-11-24T01:05:00Z)
 * | where TimeGenerated &gt; datetime(2026-11-24T01:02:03.1234567Z) or (TimeGenerated == datetime(2026-11-24T01:02:03.1234567Z) and strcmp(tostring(_ItemId), "4f0c...") &gt; 0)
 * | order by TimeGenerated asc, _ItemId asc
 * | take 1000
 * </pre>
 */
final class KqlTemplate {

    /** The last row of a page: where the next page starts. */
    record Cursor(Instant time, String id) {
    }

    private final String query;
    private final String timeColumn;
    private final String idColumn;
    private final int pageSize;

    KqlTemplate(String query, String timeColumn, String idColumn, int pageSize) {
        this.query = query.strip();
        this.timeColumn = timeColumn;
        this.idColumn = idColumn;
        this.pageSize = pageSize;
    }

    KqlTemplate(AzureMonitorSettings settings) {
        this(settings.query(), settings.timeColumn(), settings.idColumn(), settings.pageSize());
    }

    /**
     * @param after  exclusive lower time bound
     * @param until  inclusive upper time bound
     * @param cursor the previous page's last row, or null for a poll's first page
     */
    String page(Instant after, Instant until, Cursor cursor) {
        StringBuilder kql = new StringBuilder(query);
        kql.append("\n| where ").append(timeColumn).append(" > ").append(datetime(after))
                .append(" and ").append(timeColumn).append(" <= ").append(datetime(until));
        if (cursor != null) {
            kql.append("\n| where ").append(timeColumn).append(" > ").append(datetime(cursor.time()))
                    .append(" or (").append(timeColumn).append(" == ").append(datetime(cursor.time()))
                    .append(" and strcmp(tostring(").append(idColumn).append("), ").append(string(cursor.id()))
                    .append(") > 0)");
        }
        kql.append("\n| order by ").append(timeColumn).append(" asc, ").append(idColumn).append(" asc");
        kql.append("\n| take ").append(pageSize);
        return kql.toString();
    }

    /** Seven fractional digits: Log Analytics keeps 100 ns ticks, and KQL parses no finer fraction. */
    private static final DateTimeFormatter TICKS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** A KQL datetime literal with the instant to the 100 ns tick, e.g. {@code datetime(2026-11-24T01:02:03.1234567Z)}. */
    static String datetime(Instant instant) {
        return "datetime(" + TICKS.format(instant) + ")";
    }

    /** A KQL string literal: double quotes, backslash escapes. */
    static String string(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
