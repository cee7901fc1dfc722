package dev.genaimon.ingest.azuremonitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class KqlTemplateTest {

    private final KqlTemplate template = new KqlTemplate("  AppDependencies | where Type == \"Azure OpenAI\"\n",
            "TimeGenerated", "_ItemId", 500);

    @Test
    void shouldBoundTheFirstPageByTimeOrderByTimeAndIdAndTakeOnePage() {
        String kql = template.page(Instant.parse("2026-11-24T01:00:00Z"), Instant.parse("2026-11-24T01:05:00.250Z"),
                null);

        assertThat(kql).isEqualTo("""
                AppDependencies | where Type == "Azure OpenAI"
                | where TimeGenerated > datetime(2026-11-24T01:00:00.0000000Z) and TimeGenerated <= datetime(2026-11-24T01:05:00.2500000Z)
                | order by TimeGenerated asc, _ItemId asc
                | take 500""");
    }

    @Test
    void shouldStartTheNextPageStrictlyAfterTheLastRowComparingIdsAtEqualTimes() {
        Instant last = Instant.parse("2026-11-24T01:02:03.1234567Z");

        String kql = template.page(Instant.parse("2026-11-24T01:00:00Z"), Instant.parse("2026-11-24T01:05:00Z"),
                new KqlTemplate.Cursor(last, "4f0c-9"));

        assertThat(kql).contains("\n| where TimeGenerated > datetime(2026-11-24T01:02:03.1234567Z) or "
                + "(TimeGenerated == datetime(2026-11-24T01:02:03.1234567Z) and strcmp(tostring(_ItemId), \"4f0c-9\")"
                + " > 0)\n| order by");
        assertThat(kql.indexOf("<= datetime(")).isLessThan(kql.indexOf("strcmp"));
    }

    @Test
    void shouldEscapeIdsSoTheyCannotEndTheStringLiteral() {
        assertThat(KqlTemplate.string("a\"b\\c\nd")).isEqualTo("\"a\\\"b\\\\c\\nd\"");
    }
}
