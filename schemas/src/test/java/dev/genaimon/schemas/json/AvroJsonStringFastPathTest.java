package dev.genaimon.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genaimon.schemas.avro.Message;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The streaming reader copies plain ASCII strings straight from the bytes and leaves everything else to Jackson:
 * whatever a string holds, and wherever its special characters fall relative to the eight-byte words the scan
 * reads, the value must be the one the JSON says.
 */
class AvroJsonStringFastPathTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PIECES = {"a", "Z", " ", "~", "\"", "\\", "/", "\n", "\t", "\u0001", "\u007f", "é",
            "€", "😀", "ab", "hello world ", "0123456789"};
    private static final AvroJson.FastFields NONE = new AvroJson.FastFields(Set.of(), Set.of(), Set.of());

    @Test
    void shouldReadEveryStringAsTheJsonSaysWhereverItsSpecialCharactersFall() throws Exception {
        Random random = new Random(42);
        int plain = 0;
        for (int run = 0; run < 20_000; run++) {
            StringBuilder content = new StringBuilder();
            int pieces = random.nextInt(24);
            boolean onlyPlain = random.nextInt(3) == 0; // a third without any special character
            for (int i = 0; i < pieces; i++) {
                content.append(PIECES[onlyPlain ? random.nextInt(2) * 15 : random.nextInt(PIECES.length)]);
            }
            String expected = content.toString();
            plain += expected.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\') ? 1 : 0;
            // a varying prefix moves the string across the scan's word boundaries
            String line = " ".repeat(random.nextInt(9)) + JSON.writeValueAsString(
                    JSON.createObjectNode().put("role", "user").put("content", expected).put("name", "n" + run));
            byte[] bytes = ("xyz" + line + "\n").getBytes(StandardCharsets.UTF_8);
            AvroJson.FastParsed<Message> parsed = AvroJson.fromJsonFast(bytes, 3, bytes.length - 4, Message.class,
                    1_000_000, NONE);
            assertThat(parsed).as(line).isNotNull();
            assertThat(parsed.record().getContent()).as(line).isEqualTo(expected);
            assertThat(parsed.record().getName()).isEqualTo("n" + run);
        }
        assertThat(plain).as("strings the fast copy takes").isGreaterThan(5_000);
    }

    @Test
    void shouldLeaveInvalidUtf8AndRawControlCharactersToJacksonWhichRefusesThem() {
        byte[] invalid = "{\"role\":\"user\",\"content\":\"ab\u00ffcd\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(AvroJson.fromJsonFast(invalid, 0, invalid.length, Message.class, 1_000, NONE)).isNull();
        byte[] control = "{\"role\":\"user\",\"content\":\"line\nbreak\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(AvroJson.fromJsonFast(control, 0, control.length, Message.class, 1_000, NONE)).isNull();
        byte[] unterminated = "{\"role\":\"user\",\"content\":\"abcdefghijklmnop".getBytes(StandardCharsets.UTF_8);
        assertThat(AvroJson.fromJsonFast(unterminated, 0, unterminated.length, Message.class, 1_000, NONE)).isNull();
    }
}
