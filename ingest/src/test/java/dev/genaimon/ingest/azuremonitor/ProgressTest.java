package dev.genaimon.ingest.azuremonitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private static final Instant T = Instant.parse("2026-11-24T01:00:00Z");
    private static final Duration OVERLAP = Duration.ofMinutes(10);

    @Test
    void shouldKeepEveryRowTheNextPollCanReadAgainAndForgetTheOthers() {
        Progress progress = Progress.startingAt(T);
        progress.remember(1, T.minus(OVERLAP).minusMillis(1));        // can never be read again
        progress.remember(2, T.minus(OVERLAP).plusNanos(400_000));    // same millisecond as the bound, but after it
        progress.remember(3, T.minusSeconds(1));

        progress.advance(T, OVERLAP, 100);

        // the next poll reads time > T - overlap: row 2 (0.4 ms after the bound) is read again and must be known
        assertThat(progress.readFrom(OVERLAP)).isEqualTo(T.minus(OVERLAP));
        assertThat(progress.seen(1)).isFalse();
        assertThat(progress.seen(2)).isTrue();
        assertThat(progress.seen(3)).isTrue();
    }

    @Test
    void shouldNeverMoveTheWatermarkBack() {
        Progress progress = Progress.startingAt(T);

        progress.advance(T.minusSeconds(30), OVERLAP, 100);

        assertThat(progress.through()).isEqualTo(T);
    }

    @Test
    void shouldForgetTheOldestRowsFirstWhenTheWindowHoldsMoreThanTheCap() {
        Progress progress = Progress.startingAt(T);
        for (int i = 0; i < 5; i++) {
            progress.remember(i, T.minusSeconds(10 - i));
        }

        int forgotten = progress.advance(T, OVERLAP, 3);

        assertThat(forgotten).isEqualTo(2);
        assertThat(progress.seen(0)).isFalse();
        assertThat(progress.seen(1)).isFalse();
        assertThat(progress.seen(4)).isTrue();
    }

    @Test
    void shouldSurviveTheAvroRoundTripOfTheWatermarkTopic() {
        Progress progress = Progress.startingAt(T);
        progress.remember(Progress.idHash("row-a"), T.minusSeconds(5));
        progress.countWritten();
        progress.countDeadLettered();

        Progress back = Progress.of(progress.toAvro("azure-monitor/ws", "abc", T));

        assertThat(back.through()).isEqualTo(T);
        assertThat(back.seen(Progress.idHash("row-a"))).isTrue();
        assertThat(back.rowsWritten()).isEqualTo(1);
        assertThat(back.rowsDeadLettered()).isEqualTo(1);
    }

    @Test
    void shouldHashRowIdsWithFnv1a64() {
        // published FNV-1a 64-bit test vectors: the hash must not change between versions (it is stored)
        assertThat(Progress.idHash("")).isEqualTo(0xcbf29ce484222325L);
        assertThat(Progress.idHash("a")).isEqualTo(0xaf63dc4c8601ec8cL);
        assertThat(Progress.idHash("foobar")).isEqualTo(0x85944171f73967e8L);
    }
}
