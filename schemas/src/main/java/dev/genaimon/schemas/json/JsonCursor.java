package dev.genaimon.schemas.json;

import java.nio.charset.StandardCharsets;

/**
 * A strict JSON tokenizer over UTF-8 bytes for {@link AvroJson#fromJsonFast}: one pass over the input, strings
 * decoded only when read, and it gives up ({@link GiveUp}) on anything it is not sure Jackson's tree parser accepts
 * the same way (a leading zero, a trailing comma, a control character or invalid UTF-8 in a string, an unknown
 * escape, a literal glued to the next token, very deep nesting, very long names or numbers). Giving up is always
 * safe: the caller then takes the tree path, which reports exactly what is wrong. It replaced Jackson's streaming
 * parser there, which scanned every string twice (once for our ASCII copy, once to skip it) and canonicalized every
 * field name (13 % of ingest's server CPU together).
 */
final class JsonCursor {

    enum Token { START_OBJECT, END_OBJECT, START_ARRAY, END_ARRAY, FIELD_NAME, STRING, INT, FLOAT, TRUE, FALSE, NULL }

    /** Not sure: take the tree path. Thrown without a stack trace; one instance. */
    static final class GiveUp extends RuntimeException {
        static final GiveUp INSTANCE = new GiveUp();

        private GiveUp() {
            super("the JSON needs the tree path", null, false, false);
        }
    }

    /** Deeper than any genaimon item nests; Jackson's own limit is far above it. */
    static final int MAX_DEPTH = 64;
    private static final int MAX_NAME_BYTES = 1024;
    private static final int MAX_NUMBER_BYTES = 100;

    private final byte[] in;
    private final int end;
    private final int maxStringBytes;
    private int pos;

    private final boolean[] object = new boolean[MAX_DEPTH + 1];
    private final int[] count = new int[MAX_DEPTH + 1];
    private int depth;
    private boolean afterName;
    private boolean rootDone;

    private Token current;
    private String name;
    /** The current string or number: its bytes, without the quotes. */
    private int valueStart;
    private int valueEnd;
    /** The current string has no escape and only ASCII: its bytes are its chars. */
    private boolean plain;

    /**
     * @param maxStringBytes longest string (in bytes) it accepts; longer ones give up (Jackson refuses strings over
     *                       its own limit, and the tree path must be the one to say so)
     */
    JsonCursor(byte[] in, int offset, int length, int maxStringBytes) {
        this.in = in;
        this.pos = offset;
        this.end = offset + length;
        this.maxStringBytes = maxStringBytes;
    }

    Token current() {
        return current;
    }

    /** The next token, or null at the end of the input after the root value. */
    Token nextToken() {
        skipWhitespace();
        if (afterName) {
            afterName = false;
            return value();
        }
        if (depth == 0) {
            if (rootDone) {
                if (pos < end) {
                    throw GiveUp.INSTANCE; // trailing content
                }
                return current = null;
            }
            rootDone = true;
            return value();
        }
        byte b = peek();
        byte closer = object[depth] ? (byte) '}' : (byte) ']';
        if (b == closer) {
            pos++;
            depth--;
            return current = closer == '}' ? Token.END_OBJECT : Token.END_ARRAY;
        }
        if (count[depth] > 0) {
            if (b != ',') {
                throw GiveUp.INSTANCE;
            }
            pos++;
            skipWhitespace();
            b = peek();
            if (b == closer) {
                throw GiveUp.INSTANCE; // trailing comma
            }
        }
        count[depth]++;
        if (object[depth]) {
            if (b != '"') {
                throw GiveUp.INSTANCE;
            }
            scanString();
            if (valueEnd - valueStart > MAX_NAME_BYTES) {
                throw GiveUp.INSTANCE;
            }
            name = text();
            skipWhitespace();
            if (peek() != ':') {
                throw GiveUp.INSTANCE;
            }
            pos++;
            afterName = true;
            return current = Token.FIELD_NAME;
        }
        return value();
    }

    /** The current field name (after {@link Token#FIELD_NAME}). */
    String name() {
        return name;
    }

    /** The current string's (or field name's) text. */
    String text() {
        if (plain) {
            return new String(in, valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1);
        }
        return decode(valueStart, valueEnd);
    }

    /** Skips the current object or array with everything in it; nothing for a scalar. */
    void skipChildren() {
        if (current != Token.START_OBJECT && current != Token.START_ARRAY) {
            return;
        }
        int target = depth - 1;
        while (depth > target) {
            if (nextToken() == null) {
                throw GiveUp.INSTANCE;
            }
        }
    }

    /** The current INT token's value when it fits an int, else gives up. */
    int intValue() {
        long value = longValue();
        if (value != (int) value) {
            throw GiveUp.INSTANCE;
        }
        return (int) value;
    }

    /** Whether the current INT token fits an int (Jackson's NumberType.INT). */
    boolean fitsInt() {
        long value = longValue();
        return value == (int) value;
    }

    /**
     * The current INT token's value. Up to 18 digits always fit a long; longer ones (which Jackson may report as
     * BIG_INTEGER) give up.
     */
    long longValue() {
        int i = valueStart;
        boolean negative = in[i] == '-';
        if (negative) {
            i++;
        }
        if (valueEnd - i > 18) {
            throw GiveUp.INSTANCE;
        }
        long value = 0;
        for (; i < valueEnd; i++) {
            value = value * 10 + (in[i] - '0');
        }
        return negative ? -value : value;
    }

    /** The current number as a double, as Jackson reads it (the JDK's correctly rounded parse). */
    double doubleValue() {
        return Double.parseDouble(new String(in, valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1));
    }

    private Token value() {
        byte b = peek();
        switch (b) {
            case '{':
                pos++;
                push(true);
                return current = Token.START_OBJECT;
            case '[':
                pos++;
                push(false);
                return current = Token.START_ARRAY;
            case '"':
                scanString();
                return current = Token.STRING;
            case 't':
                literal("true");
                return current = Token.TRUE;
            case 'f':
                literal("false");
                return current = Token.FALSE;
            case 'n':
                literal("null");
                return current = Token.NULL;
            default:
                if (b == '-' || (b >= '0' && b <= '9')) {
                    return current = number();
                }
                throw GiveUp.INSTANCE;
        }
    }

    private void push(boolean isObject) {
        if (depth == MAX_DEPTH) {
            throw GiveUp.INSTANCE;
        }
        depth++;
        object[depth] = isObject;
        count[depth] = 0;
    }

    private void literal(String word) {
        if (end - pos < word.length()) {
            throw GiveUp.INSTANCE;
        }
        for (int i = 0; i < word.length(); i++) {
            if (in[pos + i] != word.charAt(i)) {
                throw GiveUp.INSTANCE;
            }
        }
        pos += word.length();
        requireDelimiter();
    }

    /** -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? followed by a delimiter. */
    private Token number() {
        int start = pos;
        if (in[pos] == '-') {
            pos++;
        }
        int digits = digits();
        if (digits == 0 || (digits > 1 && in[pos - digits] == '0')) {
            throw GiveUp.INSTANCE; // no digit, or a leading zero
        }
        boolean fraction = false;
        if (pos < end && in[pos] == '.') {
            pos++;
            if (digits() == 0) {
                throw GiveUp.INSTANCE;
            }
            fraction = true;
        }
        if (pos < end && (in[pos] == 'e' || in[pos] == 'E')) {
            pos++;
            if (pos < end && (in[pos] == '+' || in[pos] == '-')) {
                pos++;
            }
            if (digits() == 0) {
                throw GiveUp.INSTANCE;
            }
            fraction = true;
        }
        if (pos - start > MAX_NUMBER_BYTES) {
            throw GiveUp.INSTANCE;
        }
        valueStart = start;
        valueEnd = pos;
        requireDelimiter();
        return fraction ? Token.FLOAT : Token.INT;
    }

    private int digits() {
        int from = pos;
        while (pos < end && in[pos] >= '0' && in[pos] <= '9') {
            pos++;
        }
        return pos - from;
    }

    /** After a literal or number: whitespace, a comma, a closing bracket or the end, as JSON requires. */
    private void requireDelimiter() {
        if (pos < end) {
            byte b = in[pos];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r' && b != ',' && b != '}' && b != ']') {
                throw GiveUp.INSTANCE;
            }
        }
    }

    /**
     * Finds the end of the string starting at the current quote, checking escapes and UTF-8 on the way; sets the
     * value bounds and whether it is plain ASCII.
     */
    private void scanString() {
        int i = ++pos;
        boolean simple = true;
        while (true) {
            i = AvroJson.plainAsciiRun(in, i, end);
            if (i >= end) {
                throw GiveUp.INSTANCE; // unterminated
            }
            int b = in[i];
            if (b == '"') {
                break;
            }
            if (b >= 0x20 && b != '\\') {
                i++; // DEL, or anything the word scan stopped near
            } else if (b == '\\') {
                simple = false;
                i = escape(i + 1);
            } else if (b < 0) {
                simple = false;
                i = utf8(i, b & 0xFF);
            } else {
                throw GiveUp.INSTANCE; // a raw control character
            }
        }
        if (i - pos > maxStringBytes) {
            throw GiveUp.INSTANCE;
        }
        valueStart = pos;
        valueEnd = i;
        plain = simple;
        pos = i + 1;
    }

    /** Checks the escape whose letter is at {@code i}; returns the index after it. */
    private int escape(int i) {
        if (i >= end) {
            throw GiveUp.INSTANCE;
        }
        switch (in[i]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
                return i + 1;
            case 'u': {
                int unit = hex4(i + 1);
                if (Character.isLowSurrogate((char) unit)) {
                    throw GiveUp.INSTANCE; // lone: Jackson's handling differs between names and values
                }
                if (!Character.isHighSurrogate((char) unit)) {
                    return i + 5;
                }
                // a pair, as Python's json.dumps writes every emoji
                if (i + 6 >= end || in[i + 5] != '\\' || in[i + 6] != 'u'
                        || !Character.isLowSurrogate((char) hex4(i + 7))) {
                    throw GiveUp.INSTANCE;
                }
                return i + 11;
            }
            default:
                throw GiveUp.INSTANCE;
        }
    }

    /** The four hex digits at {@code i} as a UTF-16 unit. */
    private int hex4(int i) {
        if (i + 4 > end) {
            throw GiveUp.INSTANCE;
        }
        int unit = 0;
        for (int k = 0; k < 4; k++) {
            int digit = Character.digit(in[i + k], 16);
            if (digit < 0) {
                throw GiveUp.INSTANCE;
            }
            unit = unit * 16 + digit;
        }
        return unit;
    }

    /** Checks a well-formed UTF-8 sequence (RFC 3629) whose lead byte is at {@code i}; returns the index after it. */
    private int utf8(int i, int lead) {
        int length;
        int low = 0x80;
        int high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) {
                low = 0xA0;
            } else if (lead == 0xED) {
                high = 0x9F; // no encoded surrogates
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) {
                low = 0x90;
            } else if (lead == 0xF4) {
                high = 0x8F;
            }
        } else {
            throw GiveUp.INSTANCE;
        }
        if (i + length > end) {
            throw GiveUp.INSTANCE;
        }
        int second = in[i + 1] & 0xFF;
        if (second < low || second > high) {
            throw GiveUp.INSTANCE;
        }
        for (int k = 2; k < length; k++) {
            int next = in[i + k] & 0xFF;
            if (next < 0x80 || next > 0xBF) {
                throw GiveUp.INSTANCE;
            }
        }
        return i + length;
    }

    /** Decodes a string already checked by {@link #scanString}: escapes and UTF-8. */
    private String decode(int from, int to) {
        StringBuilder text = new StringBuilder(to - from);
        int i = from;
        while (i < to) {
            int b = in[i];
            if (b == '\\') {
                byte e = in[i + 1];
                switch (e) {
                    case 'b' -> text.append('\b');
                    case 'f' -> text.append('\f');
                    case 'n' -> text.append('\n');
                    case 'r' -> text.append('\r');
                    case 't' -> text.append('\t');
                    case 'u' -> {
                        text.append((char) hex4(i + 2)); // a surrogate pair's two halves one after the other
                        i += 4;
                    }
                    default -> text.append((char) e); // " \ /
                }
                i += 2;
            } else if (b >= 0) {
                text.append((char) b);
                i++;
            } else {
                int lead = b & 0xFF;
                int codePoint;
                if (lead < 0xE0) {
                    codePoint = ((lead & 0x1F) << 6) | (in[i + 1] & 0x3F);
                    i += 2;
                } else if (lead < 0xF0) {
                    codePoint = ((lead & 0x0F) << 12) | ((in[i + 1] & 0x3F) << 6) | (in[i + 2] & 0x3F);
                    i += 3;
                } else {
                    codePoint = ((lead & 0x07) << 18) | ((in[i + 1] & 0x3F) << 12) | ((in[i + 2] & 0x3F) << 6)
                            | (in[i + 3] & 0x3F);
                    i += 4;
                }
                text.appendCodePoint(codePoint);
            }
        }
        return text.toString();
    }

    private byte peek() {
        if (pos >= end) {
            throw GiveUp.INSTANCE;
        }
        return in[pos];
    }

    private void skipWhitespace() {
        while (pos < end) {
            byte b = in[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            pos++;
        }
    }
}
