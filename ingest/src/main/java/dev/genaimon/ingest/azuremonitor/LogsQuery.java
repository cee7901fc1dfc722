package dev.genaimon.ingest.azuremonitor;

import com.azure.core.util.Context;
import com.azure.monitor.query.LogsQueryClient;
import com.azure.monitor.query.models.LogsQueryOptions;
import com.azure.monitor.query.models.LogsQueryResult;
import com.azure.monitor.query.models.LogsQueryResultStatus;
import com.azure.monitor.query.models.LogsTable;
import com.azure.monitor.query.models.LogsTableCell;
import com.azure.monitor.query.models.LogsTableRow;
import com.azure.monitor.query.models.QueryTimeInterval;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs one KQL query against the workspace and returns the rows of its primary table. */
public interface LogsQuery {

    /**
     * @param kql   the page's query (its where clauses carry the authoritative time bounds)
     * @param after the page's exclusive lower time bound, for the request's timespan
     * @param until the page's inclusive upper time bound, for the request's timespan
     * @throws RuntimeException when the service refuses or fails the query, or returns a partial result
     */
    List<LogRow> run(String kql, Instant after, Instant until);

    /**
     * Through the Azure SDK's {@link LogsQueryClient}: {@code POST {endpoint}/v1/workspaces/{id}/query}. The
     * request's timespan is the page's bounds widened by a second on each side, so it never cuts a row that the
     * query's own where clause keeps.
     */
    static LogsQuery of(LogsQueryClient client, String workspaceId, Duration serverTimeout) {
        return (kql, after, until) -> {
            QueryTimeInterval timespan = new QueryTimeInterval(after.minusSeconds(1).atOffset(ZoneOffset.UTC),
                    until.plusSeconds(1).atOffset(ZoneOffset.UTC));
            LogsQueryOptions options = new LogsQueryOptions().setServerTimeout(serverTimeout)
                    .setAllowPartialErrors(false);
            LogsQueryResult result = client.queryWorkspaceWithResponse(workspaceId, kql, timespan, options,
                    Context.NONE).getValue();
            if (result.getQueryResultStatus() != null
                    && result.getQueryResultStatus() != LogsQueryResultStatus.SUCCESS) {
                throw new IllegalStateException("Log Analytics returned a " + result.getQueryResultStatus()
                        + " result" + (result.getError() == null ? "" : ": " + result.getError().getMessage()));
            }
            LogsTable table = result.getTable();
            List<LogRow> rows = new ArrayList<>(table.getRows().size());
            for (LogsTableRow row : table.getRows()) {
                Map<String, String> values = new LinkedHashMap<>();
                for (LogsTableCell cell : row.getRow()) {
                    values.put(cell.getColumnName(), cell.getValueAsString());
                }
                rows.add(new LogRow(values));
            }
            return rows;
        };
    }
}
