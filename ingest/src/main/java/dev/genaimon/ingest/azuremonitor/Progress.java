package dev.genaimon.ingest.azuremonitor;

import dev.genaimon.schemas.avro.SeenRow;
import dev.genaimon.schemas.avro.SourceWatermark;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The source's read position in memory: the watermark ({@code through}) and the ids of the rows written that a later
 * poll can read again (those with a time at or after {@code through - overlap}). Mutable; the source works on a
 * {@link #copy()} during a transaction and keeps it only when the transaction committed.
 */
final class Progress {

    private Instant through;
    /** Row id hash to the row's time in epoch millis, oldest first. */
    private final LinkedHashMap<Long, Long> seen;
    private long rowsWritten;
    private long rowsDeadLettered;

    Progress(Instant through, Map<Long, Long> seen, long rowsWritten, long rowsDeadLettered) {
        this.through = through.truncatedTo(ChronoUnit.MILLIS);
        this.seen = new LinkedHashMap<>(seen);
        this.rowsWritten = rowsWritten;
        this.rowsDeadLettered = rowsDeadLettered;
    }

    static Progress startingAt(Instant through) {
        return new Progress(through, Map.of(), 0, 0);
    }

    static Progress of(SourceWatermark watermark) {
        Map<Long, Long> seen = new LinkedHashMap<>();
        for (SeenRow row : watermark.getSeen()) {
            seen.put(row.getIdHash(), row.getAt().toEpochMilli());
        }
        return new Progress(watermark.getThrough(), seen, watermark.getRowsWritten(), watermark.getRowsDeadLettered());
    }

    Progress copy() {
        return new Progress(through, seen, rowsWritten, rowsDeadLettered);
    }

    Instant through() {
        return through;
    }

    /** The exclusive lower bound of the next poll's first page. */
    Instant readFrom(Duration overlap) {
        return through.minus(overlap);
    }

    boolean seen(long idHash) {
        return seen.containsKey(idHash);
    }

    void remember(long idHash, Instant at) {
        seen.put(idHash, at.truncatedTo(ChronoUnit.MILLIS).toEpochMilli());
    }

    void countWritten() {
        rowsWritten++;
    }

    void countDeadLettered() {
        rowsDeadLettered++;
    }

    long rowsWritten() {
        return rowsWritten;
    }

    long rowsDeadLettered() {
        return rowsDeadLettered;
    }

    int seenCount() {
        return seen.size();
    }

    /**
     * Moves the watermark forward (never back) and forgets rows no poll can read again: a row is re-read when its time
     * is after {@code through - overlap}, so it is kept while its millisecond is at or after that bound.
     *
     * @return how many remembered rows had to be forgotten early because more than {@code maxSeen} are in the window
     */
    int advance(Instant to, Duration overlap, int maxSeen) {
        Instant candidate = to.truncatedTo(ChronoUnit.MILLIS);
        if (candidate.isAfter(through)) {
            through = candidate;
        }
        long keepFrom = through.minus(overlap).toEpochMilli();
        seen.values().removeIf(at -> at < keepFrom);
        int dropped = 0;
        if (seen.size() > maxSeen) {
            // oldest first by time, so the rows least likely to be read again go first
            List<Map.Entry<Long, Long>> byTime = new ArrayList<>(seen.entrySet());
            byTime.sort(Map.Entry.comparingByValue());
            for (Iterator<Map.Entry<Long, Long>> it = byTime.iterator(); seen.size() > maxSeen && it.hasNext(); ) {
                seen.remove(it.next().getKey());
                dropped++;
            }
        }
        return dropped;
    }

    SourceWatermark toAvro(String sourceKey, String queryFingerprint, Instant now) {
        List<SeenRow> rows = new ArrayList<>(seen.size());
        seen.forEach((hash, at) -> rows.add(SeenRow.newBuilder().setIdHash(hash).setAt(Instant.ofEpochMilli(at))
                .build()));
        return SourceWatermark.newBuilder().setSourceKey(sourceKey).setThrough(through).setSeen(rows)
                .setQueryFingerprint(queryFingerprint).setRowsWritten(rowsWritten)
                .setRowsDeadLettered(rowsDeadLettered).setUpdatedAt(now).build();
    }

    /** 64-bit FNV-1a of the row id's UTF-8 bytes: stable across JVMs and versions, unlike String.hashCode. */
    static long idHash(String rowId) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : rowId.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
