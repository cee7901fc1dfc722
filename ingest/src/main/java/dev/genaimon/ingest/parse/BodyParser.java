package dev.genaimon.ingest.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits a request body into items: one JSON object, a JSON array of objects, or NDJSON (one object per line). An
 * item that is not valid JSON becomes an item with an error (with its line for NDJSON); a body that cannot be split
 * at all is a {@link MalformedBodyException}.
 */
public final class BodyParser {

    /** Media types read as NDJSON. */
    public static final Set<String> NDJSON_TYPES =
            Set.of("application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines",
                    "application/jsonlines");
    public static final String JSON_TYPE = "application/json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // duplicate keys are refused when the tree is built (the replaced value is already at hand there); the
            // parser-level STRICT_DUPLICATE_DETECTION kept a HashSet of every field name: ~8 % of ingest's CPU
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    /**
     * One element of the body.
     *
     * @param index position in the body, from 0
     * @param line  1-based line for NDJSON, else null
     * @param json  the object, or null when {@code error} is set
     * @param error why this item is not a JSON object, or null
     */
    public record Item(int index, Integer line, JsonNode json, String error, Raw raw) {
        public Item(int index, Integer line, JsonNode json, String error) {
            this(index, line, json, error, null);
        }

        /** Not parsed yet ({@link #parseLazily}): only the line's bytes are known. */
        public boolean unparsed() {
            return json == null && error == null;
        }
    }

    /** One NDJSON line's bytes within the body. */
    public record Raw(byte[] bytes, int offset, int length) {
    }

    /**
     * As {@link #parse}, but NDJSON lines are only located, not parsed: each item carries its {@link Raw} bytes, so a
     * caller can try a streaming parse first and call {@link #tree} only where it needs the JSON tree.
     */
    public static List<Item> parseLazily(byte[] body, String contentType) throws MalformedBodyException {
        if (!isBlank(body, 0, body.length) && NDJSON_TYPES.contains(mediaType(contentType))) {
            return lines(body, true);
        }
        return parse(body, contentType);
    }

    /** The item with its line parsed into a tree (or its error), when it was not parsed yet. */
    public static Item tree(Item item) {
        if (!item.unparsed()) {
            return item;
        }
        Raw raw = item.raw();
        return line(raw.bytes(), raw.offset(), raw.length(), item.index(), item.line());
    }

    /** The body as a whole is unusable. */
    public static final class MalformedBodyException extends Exception {
        private static final long serialVersionUID = 1L;

        public MalformedBodyException(String message) {
            super(message);
        }
    }

    private BodyParser() {
    }

    /** True for the media types this parser reads (parameters such as charset ignored). */
    public static boolean supports(String contentType) {
        String type = mediaType(contentType);
        return type.equals(JSON_TYPE) || NDJSON_TYPES.contains(type);
    }

    public static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    public static List<Item> parse(byte[] body, String contentType) throws MalformedBodyException {
        if (isBlank(body, 0, body.length)) {
            throw new MalformedBodyException("the body is empty; send a JSON object, a JSON array or NDJSON");
        }
        if (NDJSON_TYPES.contains(mediaType(contentType))) {
            return lines(body, false);
        }
        JsonNode root;
        try {
            // parsed from the bytes: no copy of the whole body into a String
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            // NDJSON sent as application/json, which curl users do all the time
            if (looksLikeNdjson(new String(body, StandardCharsets.UTF_8))) {
                return lines(body, false);
            }
            throw new MalformedBodyException("malformed JSON " + location(e) + ": " + reason(e));
        } catch (IOException e) {
            throw new MalformedBodyException("malformed JSON: " + e.getMessage());
        }
        if (root == null) {
            throw new MalformedBodyException("the body is empty; send a JSON object, a JSON array or NDJSON");
        }
        if (root.isObject()) {
            return List.of(new Item(0, null, root, null));
        }
        if (root.isArray()) {
            List<Item> items = new ArrayList<>(root.size());
            for (int i = 0; i < root.size(); i++) {
                JsonNode element = root.get(i);
                items.add(element.isObject() ? new Item(i, null, element, null)
                        : new Item(i, null, null, "expected a JSON object, got " + element.getNodeType()
                                .toString().toLowerCase(Locale.ROOT)));
            }
            if (items.isEmpty()) {
                throw new MalformedBodyException("the array is empty; send at least one interaction");
            }
            return items;
        }
        throw new MalformedBodyException("expected a JSON object, a JSON array of objects, or NDJSON; got a "
                + root.getNodeType().toString().toLowerCase(Locale.ROOT));
    }

    /**
     * NDJSON: each line parsed straight from the body's bytes (line ends: \n or \r\n).
     *
     * <p>Line ends are found with {@link String#indexOf(int, int)} on a Latin-1 view of the body (one array copy; a
     * byte is a char, so positions are byte offsets) rather than with a byte loop here: this method runs a few times
     * per request, so the JIT compiles it late, and a byte loop left to the interpreter cost ~45 µs per 2 KB line
     * under load (JFR of {@code genaimon bench --stages ingest}: 60 % of the server's samples). {@code indexOf} is
     * compiled (and intrinsic) long before the first request.
     */
    private static List<Item> lines(byte[] body, boolean lazily) {
        List<Item> items = new ArrayList<>();
        String latin1 = new String(body, StandardCharsets.ISO_8859_1);
        int lineNumber = 0;
        int start = 0;
        while (start <= body.length) {
            int newline = latin1.indexOf('\n', start);
            int end = newline < 0 ? body.length : newline;
            lineNumber++;
            int length = end - start;
            if (length > 0 && body[end - 1] == '\r') {
                length--;
            }
            if (!isBlank(body, start, length)) {
                items.add(lazily ? new Item(items.size(), lineNumber, null, null, new Raw(body, start, length))
                        : line(body, start, length, items.size(), lineNumber));
            }
            start = end + 1;
        }
        return items;
    }

    private static Item line(byte[] body, int offset, int length, int index, int lineNumber) {
        try {
            JsonNode node = JSON.readTree(body, offset, length);
            return node.isObject() ? new Item(index, lineNumber, node, null, new Raw(body, offset, length))
                    : new Item(index, lineNumber, null, "expected a JSON object on the line, got "
                            + node.getNodeType().toString().toLowerCase(Locale.ROOT));
        } catch (JsonProcessingException e) {
            return new Item(index, lineNumber, null, "malformed JSON"
                    + (e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr()) + ": " + reason(e));
        } catch (IOException e) {
            return new Item(index, lineNumber, null, "malformed JSON: " + e.getMessage());
        }
    }

    /** Only whitespace (as {@link String#isBlank} sees it for the ASCII range), or nothing. */
    private static boolean isBlank(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != 0x0B && b != '\f'
                    && !(b >= 0x1C && b <= 0x1F)) {
                return false;
            }
        }
        return true;
    }

    private static boolean looksLikeNdjson(String text) {
        String[] lines = text.strip().split("\r?\n", 3);
        if (lines.length < 2) {
            return false;
        }
        try {
            return JSON.readTree(lines[0]).isObject();
        } catch (IOException e) {
            return false;
        }
    }

    /** Jackson's message without its API advice ("Duplicate field 'a' for `ObjectNode`: not allowed when ..."). */
    private static String reason(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        int advice = message == null ? -1 : message.indexOf(" for `ObjectNode`");
        return advice < 0 ? message : message.substring(0, advice);
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : "at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
    }
}
