package dev.genaimon.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class BodyParserTest {

    @Test
    void shouldSplitNdjsonSkippingBlankLinesAndKeepLineNumbers() throws Exception {
        List<BodyParser.Item> items = parse("{\"a\":1}\n\n{\"a\":2}\r\n[1]\n{oops\n", "application/x-ndjson");

        assertThat(items).extracting(BodyParser.Item::line).containsExactly(1, 3, 4, 5);
        assertThat(items.get(1).json().get("a").asInt()).isEqualTo(2);
        assertThat(items.get(2).error()).isEqualTo("expected a JSON object on the line, got array");
        assertThat(items.get(3).error()).startsWith("malformed JSON at column 2");
    }

    @Test
    void shouldRejectAnNdjsonLineWithADuplicateKeyAndKeepTheOthers() throws Exception {
        List<BodyParser.Item> items = parse("{\"a\":1}\n{\"a\":1,\"b\":2,\"a\":3}\n", "application/x-ndjson");

        assertThat(items.get(0).error()).isNull();
        assertThat(items.get(1).json()).isNull();
        assertThat(items.get(1).error()).isEqualTo("malformed JSON at column 18: Duplicate field 'a'");
    }

    @Test
    void shouldTreatNdjsonSentAsApplicationJsonAsNdjson() throws Exception {
        assertThat(parse("{\"a\":1}\n{\"a\":2}\n", "application/json")).hasSize(2);
    }

    @Test
    void shouldRejectDuplicateKeysEmptyBodiesAndScalars() {
        assertThatThrownBy(() -> parse("{\"a\":1,\"a\":2}", "application/json"))
                .hasMessage("malformed JSON at line 1, column 12: Duplicate field 'a'");
        assertThatThrownBy(() -> parse("[{\"a\":{\"b\":1,\"b\":null}}]", "application/json"))
                .hasMessageContaining("Duplicate field 'b'");
        assertThatThrownBy(() -> parse("  ", "application/json")).hasMessageContaining("the body is empty");
        assertThatThrownBy(() -> parse("42", "application/json"))
                .hasMessageContaining("expected a JSON object, a JSON array of objects, or NDJSON");
        assertThatThrownBy(() -> parse("[]", "application/json")).hasMessageContaining("the array is empty");
    }

    @Test
    void shouldAcceptContentTypeParameters() {
        assertThat(BodyParser.supports("application/json; charset=UTF-8")).isTrue();
        assertThat(BodyParser.supports("Application/X-NDJSON")).isTrue();
        assertThat(BodyParser.supports("text/plain")).isFalse();
        assertThat(BodyParser.supports(null)).isFalse();
    }

    @Property(tries = 2000)
    void anyBodyIsSplitOrRejectedWithAReason(@ForAll String text, @ForAll boolean ndjson) {
        try {
            List<BodyParser.Item> items = parse(text, ndjson ? "application/x-ndjson" : "application/json");
            assertThat(items).allSatisfy(item -> assertThat(item.json() != null || !item.error().isBlank()).isTrue());
        } catch (BodyParser.MalformedBodyException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    private static List<BodyParser.Item> parse(String body, String type) throws BodyParser.MalformedBodyException {
        return BodyParser.parse(body.getBytes(StandardCharsets.UTF_8), type);
    }
}
