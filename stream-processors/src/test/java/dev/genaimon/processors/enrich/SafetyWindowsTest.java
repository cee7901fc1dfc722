package dev.genaimon.processors.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.schemas.avro.AttackResult;
import dev.genaimon.schemas.avro.SafetyFlags;
import dev.genaimon.schemas.avro.Segment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafetyWindowsTest {

    @Test
    void shouldCountComplianceAsHarmfulOnlyWhenTheRequestWasAnAttackOrHarmIsPresent() {
        // a helpful answer to a benign question scores high on "answered rather than refused": not harmful compliance
        assertThat(SafetyWindows.of(flags(0.73, false, 0), 0.5).getHarmfulCompliance()).isZero();
        // the same score after a jailbreak, or with harmful content in the exchange, is
        assertThat(SafetyWindows.of(flags(0.73, true, 0), 0.5).getHarmfulCompliance()).isEqualTo(1);
        assertThat(SafetyWindows.of(flags(0.73, false, 4), 0.5).getHarmfulCompliance()).isEqualTo(1);
        // and a refusal after a jailbreak is not
        assertThat(SafetyWindows.of(flags(0.12, true, 4), 0.5).getHarmfulCompliance()).isZero();
    }

    private static SafetyFlags flags(double compliance, boolean attack, int violence) {
        return SafetyFlags.newBuilder()
                .setInteractionId("i-1").setTimestamp(Instant.parse("2026-11-24T10:00:00Z"))
                .setTenant("acme").setApp("bot")
                .setSegment(new Segment("acme/bot", Map.of("tenant", "acme", "app", "bot")))
                .setPii(List.of())
                .setAttack(new AttackResult(attack ? 0.9 : 0.1, attack, attack ? "direct" : null,
                        attack ? "prompt" : null))
                .setHarm(Map.of("hate", 0, "sexual", 0, "violence", violence, "self_harm", 0))
                .setHarmfulCompliance(compliance)
                .setRefusal(false)
                .setDetectorVersions(Map.of("enrich", "test"))
                .build();
    }
}
