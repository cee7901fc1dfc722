package dev.genaimon.evaluators.safety.scan;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class LineParserProperties {

    @Property(tries = 2000)
    void randomStringsNeverThrowAndEveryRejectionHasAReason(@ForAll String line) {
        check(LineParser.parse(line));
    }

    @Property(tries = 2000)
    void mutatedJsonNeverThrowsAndEveryRejectionHasAReason(@ForAll("mutatedJson") String line) {
        check(LineParser.parse(line));
    }

    @Provide
    Arbitrary<String> mutatedJson() {
        Arbitrary<String> valid = Arbitraries.of(
                "{\"id\":\"a\",\"text\":\"hi\"}",
                "{\"id\":1,\"text\":\"x\",\"role\":\"response\",\"context\":[\"d1\",\"d2\"]}",
                "{\"id\":\"b\",\"text\":\"t\",\"role\":\"prompt\",\"context\":[]}",
                "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[");
        Arbitrary<Integer> position = Arbitraries.integers().between(0, 200);
        Arbitrary<Character> ch = Arbitraries.of('{', '}', '[', ']', '"', ':', ',', '\\', '1', 'n', ' ', '\u0000', 'é');
        return valid.flatMap(v -> position.flatMap(p -> ch.flatMap(c -> Arbitraries.of(0, 1, 2).map(op -> {
            int at = Math.min(p, v.length());
            return switch (op) {
                case 0 -> v.substring(0, at) + c + v.substring(at);
                case 1 -> at < v.length() ? v.substring(0, at) + v.substring(at + 1) : v;
                default -> v.substring(0, at);
            };
        }))));
    }

    private static void check(ParseResult result) {
        assertThat(result).isNotNull();
        if (result instanceof ParseResult.Rejected r) {
            assertThat(r.reason()).isNotBlank();
        } else if (result instanceof ParseResult.Accepted a) {
            assertThat(a.request().id()).isNotNull();
            assertThat(a.request().text()).isNotNull();
        }
    }
}
