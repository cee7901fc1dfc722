package dev.genaimon.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {

    private static final Template.Context CONTEXT = new Template.Context(0.0734, "safety.injection.rate",
            "acme/bot/gpt-4o/v1", Map.of("tenant", "acme"), Instant.parse("2026-11-23T10:00:00Z").toEpochMilli(),
            Instant.parse("2026-11-23T10:05:00Z").toEpochMilli(), "Injection", "> 0.05");

    @Test
    void shouldRenderVariablesAndFormatters() {
        assertThat(Template.parse("{{ value | pct }} in {{segment}} for {{ labels.tenant }}{{ labels.none }}")
                .render(CONTEXT)).isEqualTo("7.34% in acme/bot/gpt-4o/v1 for acme");
        assertThat(Template.parse("{{ rule }}: {{ signal }} {{ threshold }} during {{ window }}").render(CONTEXT))
                .isEqualTo("Injection: safety.injection.rate > 0.05 during 2026-11-23T10:00:00Z – 2026-11-23T10:05:00Z");
        Template.Context ms = new Template.Context(1234.5, "s", "seg", Map.of(), 0, 0, "r", "");
        assertThat(Template.parse("{{ value | ms }}|{{ value | s }}|{{ value | usd }}|{{ value | round }}|"
                + "{{ value | fixed2 }}|{{ value }}").render(ms))
                .isEqualTo("1235 ms|1.23 s|$1234.50|1235|1234.50|1235");
    }

    @Test
    void shouldKeepTextWithoutExpressions() {
        assertThat(Template.parse("plain text").render(CONTEXT)).isEqualTo("plain text");
    }

    @Test
    void shouldRejectUnknownExpressionsAndUnclosedBraces() {
        assertThatThrownBy(() -> Template.parse("{{ labels }}")).hasMessageContaining("unknown template expression");
        assertThatThrownBy(() -> Template.parse("{{ value | hex }}")).hasMessageContaining("formatter 'hex'");
        assertThatThrownBy(() -> Template.parse("{{ value ")).hasMessageContaining("unclosed");
    }
}
