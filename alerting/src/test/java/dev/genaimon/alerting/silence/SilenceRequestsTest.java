package dev.genaimon.alerting.silence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genaimon.schemas.avro.Silence;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SilenceRequestsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SilenceRequests.Result parse(String json) throws Exception {
        return SilenceRequests.parse(JSON.readTree(json), NOW);
    }

    @Test
    void shouldCreateASilenceFromStringOrAlertmanagerMatchers() throws Exception {
        SilenceRequests.Result r = parse("""
                {"matchers": ["tenant=\\"acme\\"", {"name": "alertname", "value": "lat.*", "isRegex": true}],
                 "duration": "2h", "createdBy": "ana@acme", "comment": "db maintenance"}""");
        assertThat(r.errors()).isEmpty();
        Silence s = r.silence();
        assertThat(s.getId()).hasSize(36);
        assertThat(s.getStartsAt()).isEqualTo(NOW);
        assertThat(s.getEndsAt()).isEqualTo(NOW.plusSeconds(7200));
        assertThat(s.getMatchers()).extracting(m -> m.getName() + m.getOp() + m.getValue())
                .containsExactly("tenant=acme", "alertname=~lat.*");
        assertThat(Silences.mutes(s, Map.of("tenant", "acme", "alertname", "latency"), NOW.plusSeconds(60))).isTrue();
        assertThat(Silences.mutes(s, Map.of("tenant", "acme", "alertname", "errors"), NOW.plusSeconds(60))).isFalse();
        assertThat(Silences.mutes(s, Map.of("tenant", "acme", "alertname", "latency"), NOW.plusSeconds(7200)))
                .as("endsAt is exclusive").isFalse();
    }

    @Test
    void shouldNameEveryInvalidField() throws Exception {
        SilenceRequests.Result r = parse("""
                {"matchers": ["tenant=="], "endsAt": "yesterday", "createdBy": "", "colour": "red"}""");
        assertThat(r.silence()).isNull();
        assertThat(r.errors()).containsExactlyInAnyOrder(
                "colour: unknown field (allowed: [comment, createdBy, duration, endsAt, id, matchers, startsAt])",
                "matchers[0]: invalid matcher 'tenant==': expected name=\"value\", name!=\"value\", name=~\"regex\""
                        + " or name!~\"regex\"",
                "endsAt: expected an ISO-8601 instant such as 2026-01-31T12:00:00Z, got 'yesterday'",
                "createdBy: required, a non-empty string (silences are audited: who and why)",
                "comment: required, a non-empty string (silences are audited: who and why)");
    }

    @Test
    void shouldRefuseASilenceThatMatchesEverythingOrEndsBeforeItStarts() throws Exception {
        assertThat(parse("""
                {"matchers": ["tenant=~\\".*\\""], "duration": "1h", "createdBy": "a", "comment": "b"}""").errors())
                .containsExactly("matchers: at least one matcher must not match the empty string (it would silence"
                        + " every alert)");
        assertThat(parse("""
                {"matchers": ["tenant=\\"a\\""], "startsAt": "2026-03-01T12:00:00Z", "endsAt": "2026-03-01T11:00:00Z",
                 "createdBy": "a", "comment": "b"}""").errors())
                .containsExactly("endsAt: must be after startsAt (2026-03-01T12:00:00Z)");
    }

    @Test
    void shouldExpireKeepingTheRecordAndWhoExpiredIt() throws Exception {
        Silence s = parse("""
                {"matchers": ["tenant=\\"acme\\""], "duration": "2h", "createdBy": "ana", "comment": "x"}""").silence();
        Silence expired = SilenceRequests.expire(s, "bob", NOW.plusSeconds(600));
        assertThat(expired.getEndsAt()).isEqualTo(NOW.plusSeconds(600));
        assertThat(expired.getExpiredBy()).isEqualTo("bob");
        assertThat(expired.getCreatedBy()).isEqualTo("ana");
        assertThat(Silences.state(expired, NOW.plusSeconds(601))).isEqualTo("expired");
    }
}
