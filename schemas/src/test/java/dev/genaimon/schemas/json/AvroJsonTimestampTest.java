package dev.genaimon.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AvroJsonTimestampTest {

    @Test
    void shouldReadTheCommonUtcShapeAsOffsetDateTimeDoes() {
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L), random.nextInt(1_000_000_000));
            String text = instant.toString(); // Z, and 0, 3, 6 or 9 fraction digits
            assertThat(AvroJson.utcInstant(text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
        }
        assertThat(AvroJson.utcInstant("2026-11-23T10:15:30.1Z")).isEqualTo(Instant.parse("2026-11-23T10:15:30.100Z"));
    }

    @Test
    void shouldLeaveEverythingElseToTheGeneralPath() {
        for (String text : new String[] {"2026-02-30T10:15:30Z", "2026-11-23T24:00:00Z", "2026-11-23T10:15:60Z",
                "2026-11-23T10:15:30+01:00", "2026-11-23t10:15:30Z", "2026-11-23T10:15:30.Z",
                "2026-11-23T10:15:30.1234567890Z", "+2026-11-23T10:15:30Z", "2026-1a-23T10:15:30Z",
                "2026-11-23T10:15:30z", "2026-11-23 10:15:30Z"}) {
            Instant fast = AvroJson.utcInstant(text);
            // null hands the text to the general path (which parses it or reports the error); an answer must be its
            if (fast != null) {
                assertThat(fast).as(text).isEqualTo(generalOrNull(text));
            }
        }
        assertThat(AvroJson.utcInstant("2026-02-30T10:15:30Z")).isNull();
        assertThat(AvroJson.utcInstant("2026-11-23T10:15:30+01:00")).isNull();
        assertThat(AvroJson.utcInstant("2026-11-23T10:15:30.Z")).isNull();
    }

    private static Instant generalOrNull(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
