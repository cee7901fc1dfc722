package dev.genaimon.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a rule file holds, the parser answers with rules or with located errors, never another exception. */
class RuleParserFuzzTest {

    private static final String VALID = """
            rules:
              - name: Errors
                signal: ops.error_rate
                match: {tenant: "=~a.*"}
                condition: "outside [0.1, 0.9]"
                for: 2
                keep_firing_for: 5m
                annotations: {summary: "{{ value | pct }} {{ labels.tenant }}"}
              - {name: B, kind: burn_rate, objective: 0.99, windows: [{short: 5m, long: 1h, factor: 14.4}]}
            """;

    @org.junit.jupiter.api.Test
    void shouldLocateAKeyYamlCannotNameAtItsRule() {
        // found by the property below (seed -8470790020179809056): a sequence used as a mapping key has no line
        String text = VALID.substring(0, VALID.indexOf("  - {name: B")) + "  - { [{short: 5m, long: 1h}]}\n";
        RuleValidationException e = org.junit.jupiter.api.Assertions.assertThrows(RuleValidationException.class,
                () -> RuleParser.parse(text, "f.yaml"));
        assertThat(e.errors()).isNotEmpty().allSatisfy(err -> assertThat(err.line()).isPositive());
    }

    @Property(tries = 1500)
    void shouldAnswerRulesOrLocatedErrorsForMutatedFiles(@ForAll("mutations") String text) {
        try {
            RuleSet set = RuleParser.parse(text, "f.yaml");
            assertThat(set.rules()).allSatisfy(r -> assertThat(r.name()).isNotBlank());
        } catch (RuleValidationException e) {
            assertThat(e.errors()).isNotEmpty().allSatisfy(err -> {
                assertThat(err.file()).isEqualTo("f.yaml");
                assertThat(err.line()).isPositive();
                assertThat(err.reason()).isNotBlank();
            });
        }
    }

    @Provide
    Arbitrary<String> mutations() {
        Arbitrary<Integer> position = Arbitraries.integers().between(0, VALID.length() - 1);
        Arbitrary<String> junk = Arbitraries.strings().withChars("{}[]:-\"'|>!=~*&%@#\n \t0123456789abz.,")
                .ofMinLength(1).ofMaxLength(6);
        return Arbitraries.oneOf(
                position.flatMap(p -> junk.map(j -> VALID.substring(0, p) + j + VALID.substring(p))),
                position.map(p -> VALID.substring(0, p)),
                position.flatMap(p -> position.map(q -> VALID.substring(0, Math.min(p, q))
                        + VALID.substring(Math.max(p, q)))),
                Arbitraries.strings().ofMaxLength(200));
    }
}
