package dev.genaimon.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast path's tokenizer against Jackson's parser on the same bytes: whatever the cursor reads to the end without
 * giving up, Jackson reads too, to the same tokens, names, strings and numbers. Giving up is always allowed (the
 * tree path then decides); reading differently never is.
 */
class JsonCursorTest {

    private static final JsonFactory JACKSON = new JsonFactory();
    private static final String[] STRING_PIECES = {"a", "Z", " ", "~", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\b",
            "\\f", "\\r", "\\u0001", "\\u00e9", "\\uD83D\\uDE00", "\\uD800", "\u007f", "é", "€", "😀", "hello world",
            "0123456789"};
    private static final String[] NUMBERS = {"0", "-0", "7", "-12", "2147483647", "2147483648", "-2147483648",
            "-2147483649", "9223372036854775807", "123456789012345678", "1234567890123456789012", "0.5", "-0.0",
            "1e5", "1E+5", "2.5e-3", "1.7976931348623157e308", "4.9e-324", "123.456"};
    private static final byte[] MUTATIONS = "{}[]\",:0123456789.-+eE tnrufalsx\\\n\t".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldReadWhatItAcceptsExactlyAsJacksonDoesOnRandomAndMutatedJson() throws IOException {
        Random random = new Random(Long.getLong("jsoncursor.seed", 2026)); // -Djsoncursor.seed=N for more
        int accepted = 0;
        int mutatedAccepted = 0;
        for (int run = 0; run < 40_000; run++) {
            StringBuilder json = new StringBuilder();
            value(random, json, 0);
            byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
            boolean mutated = random.nextBoolean();
            if (mutated) {
                bytes = mutate(random, bytes);
            }
            if (compare(bytes)) {
                accepted++;
                mutatedAccepted += mutated ? 1 : 0;
            }
        }
        // the property is only worth something if the cursor does accept most valid JSON, and some mutations
        assertThat(accepted).isGreaterThan(19_000);
        assertThat(mutatedAccepted).isGreaterThan(1_000);
    }

    @Test
    void shouldGiveUpWhereJsonIsMalformedOrJacksonMightReadItDifferently() {
        for (String json : List.of("{\"a\":1,}", "[1,]", "{\"a\":01}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":.5}",
                "{\"a\":+1}", "{\"a\":truex}", "{\"a\":nul}", "{\"a\":\"x\u0001\"}", "{\"a\":\"\\x\"}",
                "{\"a\":\"\\u12\"}", "{\"a\":\"\\uD800\"}", "{\"a\":\"\\uDC00\\uD800\"}", "{\"a\" 1}", "{\"a\":1} 2", "{\"a\":1", "{'a':1}", "{\"a\":NaN}", "",
                "\uFEFF{\"a\":1}")) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> readAll(bytes)).as(json).isInstanceOf(JsonCursor.GiveUp.class);
        }
        for (String hex : List.of("227f8022", "22c0af22", "22eda08022", "22f490808022", "22e28222", "22e282",
                "22f5808080" + "22", "22c322")) {
            byte[] bytes = HexFormat.of().parseHex(hex);
            assertThatThrownBy(() -> readAll(bytes)).as(hex).isInstanceOf(JsonCursor.GiveUp.class);
        }
        byte[] deep = "[".repeat(JsonCursor.MAX_DEPTH + 1).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> readAll(deep)).isInstanceOf(JsonCursor.GiveUp.class);
    }

    @Test
    void shouldTellIntsFromLongsAndDecodeEscapesAndUtf8() {
        JsonCursor cursor = cursor("{\"i\":-2147483648,\"l\":2147483648,\"s\":\"a\\u00e9\\n€😀\\uD83D\\uDE00\",\"f\":1e3}");
        assertThat(cursor.nextToken()).isEqualTo(JsonCursor.Token.START_OBJECT);
        cursor.nextToken();
        assertThat(cursor.nextToken()).isEqualTo(JsonCursor.Token.INT);
        assertThat(cursor.fitsInt()).isTrue();
        assertThat(cursor.intValue()).isEqualTo(Integer.MIN_VALUE);
        cursor.nextToken();
        cursor.nextToken();
        assertThat(cursor.fitsInt()).isFalse();
        assertThat(cursor.longValue()).isEqualTo(2_147_483_648L);
        assertThat(cursor.nextToken()).isEqualTo(JsonCursor.Token.FIELD_NAME);
        assertThat(cursor.name()).isEqualTo("s");
        assertThat(cursor.nextToken()).isEqualTo(JsonCursor.Token.STRING);
        assertThat(cursor.text()).isEqualTo("aé\n€😀😀");
        cursor.nextToken();
        assertThat(cursor.nextToken()).isEqualTo(JsonCursor.Token.FLOAT);
        assertThat(cursor.doubleValue()).isEqualTo(1000.0);
        assertThat(cursor.nextToken()).isEqualTo(JsonCursor.Token.END_OBJECT);
        assertThat(cursor.nextToken()).isNull();
    }

    /** True when the cursor read the input to the end; then Jackson must have read the same. */
    private static boolean compare(byte[] bytes) throws IOException {
        List<String> ours;
        try {
            ours = readAll(bytes);
        } catch (JsonCursor.GiveUp e) {
            return false;
        }
        List<String> jackson = new ArrayList<>();
        try (JsonParser parser = JACKSON.createParser(bytes)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                jackson.add(describe(token, parser));
            }
        } catch (IOException e) {
            throw new AssertionError("the cursor accepted what Jackson refuses (" + e.getMessage() + "): "
                    + HexFormat.of().formatHex(bytes) + " = " + new String(bytes, StandardCharsets.UTF_8), e);
        }
        assertThat(ours).as(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(jackson);
        return true;
    }

    private static List<String> readAll(byte[] bytes) {
        // the document as a slice of a larger array, as ingest hands it over: bytes around it must not be read
        byte[] padded = new byte[bytes.length + 6];
        java.util.Arrays.fill(padded, (byte) '"');
        System.arraycopy(bytes, 0, padded, 3, bytes.length);
        JsonCursor cursor = new JsonCursor(padded, 3, bytes.length, 1_000_000);
        List<String> tokens = new ArrayList<>();
        for (JsonCursor.Token token = cursor.nextToken(); token != null; token = cursor.nextToken()) {
            tokens.add(switch (token) {
                case FIELD_NAME -> "name:" + cursor.name();
                case STRING -> "string:" + cursor.text();
                case INT -> (cursor.fitsInt() ? "int:" : "long:") + cursor.longValue();
                case FLOAT -> "float:" + cursor.doubleValue();
                default -> token.name();
            });
        }
        return tokens;
    }

    private static String describe(JsonToken token, JsonParser parser) throws IOException {
        return switch (token) {
            case FIELD_NAME -> "name:" + parser.currentName();
            case VALUE_STRING -> "string:" + parser.getText();
            case VALUE_NUMBER_INT -> (parser.getNumberType() == JsonParser.NumberType.INT ? "int:" : "long:")
                    + parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> "float:" + parser.getDoubleValue();
            case START_OBJECT -> "START_OBJECT";
            case END_OBJECT -> "END_OBJECT";
            case START_ARRAY -> "START_ARRAY";
            case END_ARRAY -> "END_ARRAY";
            case VALUE_TRUE -> "TRUE";
            case VALUE_FALSE -> "FALSE";
            case VALUE_NULL -> "NULL";
            default -> token.name();
        };
    }

    private static JsonCursor cursor(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return new JsonCursor(bytes, 0, bytes.length, 1_000_000);
    }

    private static void value(Random random, StringBuilder json, int depth) {
        space(random, json);
        int kind = depth > 3 ? 2 + random.nextInt(4) : random.nextInt(6);
        switch (kind) {
            case 0 -> {
                json.append('{');
                int fields = random.nextInt(4);
                for (int i = 0; i < fields; i++) {
                    if (i > 0) {
                        json.append(',');
                    }
                    space(random, json);
                    string(random, json);
                    space(random, json);
                    json.append(':');
                    value(random, json, depth + 1);
                }
                space(random, json);
                json.append('}');
            }
            case 1 -> {
                json.append('[');
                int items = random.nextInt(4);
                for (int i = 0; i < items; i++) {
                    if (i > 0) {
                        json.append(',');
                    }
                    value(random, json, depth + 1);
                }
                space(random, json);
                json.append(']');
            }
            case 2, 3 -> string(random, json);
            case 4 -> json.append(NUMBERS[random.nextInt(NUMBERS.length)]);
            default -> json.append(new String[] {"true", "false", "null"}[random.nextInt(3)]);
        }
        space(random, json);
    }

    private static void string(Random random, StringBuilder json) {
        json.append('"');
        int pieces = random.nextInt(8);
        for (int i = 0; i < pieces; i++) {
            json.append(STRING_PIECES[random.nextInt(STRING_PIECES.length)]);
        }
        json.append('"');
    }

    private static void space(Random random, StringBuilder json) {
        if (random.nextInt(4) == 0) {
            json.append(new String[] {" ", "\n", "\t", "\r\n", "  "}[random.nextInt(5)]);
        }
    }

    private static byte[] mutate(Random random, byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes);
        byte[] copy = out.toByteArray();
        List<Byte> list = new ArrayList<>();
        for (byte b : copy) {
            list.add(b);
        }
        for (int m = 1 + random.nextInt(3); m > 0 && !list.isEmpty(); m--) {
            int at = random.nextInt(list.size());
            byte replacement = random.nextInt(8) == 0 ? (byte) (0x80 + random.nextInt(0x80))
                    : MUTATIONS[random.nextInt(MUTATIONS.length)];
            switch (random.nextInt(3)) {
                case 0 -> list.remove(at);
                case 1 -> list.add(at, replacement);
                default -> list.set(at, replacement);
            }
        }
        byte[] result = new byte[list.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = list.get(i);
        }
        return result;
    }
}
