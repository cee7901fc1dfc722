package dev.genaimon.schemas.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The JSON shape of genaimon's Avro records, driven by the schema in both directions: JSON field names are the Avro
 * field names (aliases accepted on input), optional fields may be absent or null, timestamps are ISO-8601 strings
 * (epoch milliseconds accepted on input), bytes are base64. Output omits null fields, so what a service sent comes
 * back field for field.
 *
 * <p>Parsing never throws on bad input: every problem becomes a {@link FieldError} with the JSON path.
 */
public final class AvroJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** What {@link Schema.Field#defaultVal()} returns for a null default. */
    private static final Object NULL_DEFAULT = JsonProperties.NULL_VALUE;
    /** Field (and alias) lookup and null defaults per record schema, built once: a hot path of ingest. */
    private static final Map<Identity, RecordInfo> RECORDS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Map<Identity, List<Schema>> NON_NULL_BRANCHES = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A schema compared by identity: equal schemas are often distinct objects (every {@code ["null", "string"]}
     * field has its own), and {@link Schema#equals} compares them deeply, which cost more than the lookup saved.
     */
    private record Identity(Schema schema) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Identity that && that.schema == schema;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(schema);
        }
    }

    /** A problem with one field of the input. */
    public record FieldError(String path, String message) {
        @Override
        public String toString() {
            return path + ": " + message;
        }
    }

    /**
     * The outcome of parsing one JSON object.
     *
     * @param record        the record, or null when there are errors
     * @param errors        problems, each with its path; empty when the record is valid
     * @param ignoredFields paths of fields the schema does not know (ignored, reported as warnings)
     */
    public record Parsed<T>(T record, List<FieldError> errors, List<String> ignoredFields) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    private AvroJson() {
    }

    /**
     * Converts a JSON object to a generated Avro record.
     *
     * @param maxStringLength strings longer than this (in chars) are errors
     */
    public static <T extends SpecificRecord> Parsed<T> fromJson(JsonNode json, Class<T> type, int maxStringLength) {
        SpecificData model = SpecificData.getForClass(type);
        Reader reader = new Reader(model, maxStringLength);
        Object value = reader.convert(json, model.getSchema(type), "");
        List<FieldError> errors = List.copyOf(reader.errors);
        return new Parsed<>(errors.isEmpty() ? type.cast(value) : null, errors, List.copyOf(reader.ignored));
    }

    /**
     * What {@link #fromJsonFast} may do with top-level fields beyond the schema's rules: fields that may be missing
     * or null because the caller fills them ({@code optional}), fields read and dropped ({@code skipped}), and
     * non-schema string fields handed to the caller ({@code captured}).
     */
    public record FastFields(java.util.Set<String> optional, java.util.Set<String> skipped,
                             java.util.Set<String> captured) {
    }

    /**
     * A record parsed by {@link #fromJsonFast}, with the captured top-level fields (name to string value, or to
     * null where the JSON had null).
     */
    public record FastParsed<T>(T record, Map<String, String> captured) {
    }

    /**
     * The fast path of {@link #fromJson} for one JSON object given as bytes: parsed token by token straight into the
     * record, without building a tree. It answers only what it is sure of: an object that {@link #fromJson} would
     * turn into an equal record without errors or warnings. Anything else — malformed JSON, an unknown or repeated
     * field, a type or limit problem, a union with several non-null branches — returns null, and the caller takes
     * the tree path, which then reports exactly what is wrong. Required fields named in {@code fields.optional()}
     * may be missing (left null for the caller to fill).
     */
    public static <T extends SpecificRecord> FastParsed<T> fromJsonFast(byte[] json, int offset, int length,
                                                                        Class<T> type, int maxStringLength,
                                                                        FastFields fields) {
        SpecificData model = SpecificData.getForClass(type);
        try {
            JsonCursor cursor = new JsonCursor(json, offset, length, MAX_JACKSON_STRING);
            if (cursor.nextToken() != JsonCursor.Token.START_OBJECT) {
                return null;
            }
            Map<String, String> captured = new HashMap<>(4);
            Object record = new StreamReader(cursor, model, maxStringLength)
                    .record(model.getSchema(type), fields, captured);
            if (record == null || cursor.nextToken() != null) {
                return null; // a problem, or trailing tokens: the tree path says which
            }
            return new FastParsed<>(type.cast(record), captured);
        } catch (RuntimeException e) { // JsonCursor.GiveUp among them
            return null; // malformed JSON, a bad number or timestamp, ...: the tree path reports it
        }
    }

    /** Jackson's longest string: the tree path refuses longer ones, so the fast path gives up on them. */
    private static final int MAX_JACKSON_STRING =
            com.fasterxml.jackson.core.StreamReadConstraints.defaults().getMaxStringLength();
    /** Returned by {@link StreamReader} for "not sure, use the tree path"; distinct from a legitimate null. */
    private static final Object GIVE_UP = new Object();

    private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * The index of the first byte at or after {@code i} that may end a plain ASCII string run (a quote, a backslash,
     * a control character or a non-ASCII byte), checked eight bytes at a time; the caller's byte loop decides from
     * there. Never past a byte it should have stopped at.
     */
    static int plainAsciiRun(byte[] input, int i, int end) {
        while (i + 8 <= end) {
            long word = (long) LONGS.get(input, i);
            long quote = word ^ (ONES * '"');
            long backslash = word ^ (ONES * '\\');
            long special = ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash)
                    | (word - ONES * 0x20) | word;
            if ((special & HIGHS) != 0) {
                return i;
            }
            i += 8;
        }
        return i;
    }

    /** {@link Reader}'s rules on a token stream; gives up instead of reporting errors (see {@link #fromJsonFast}). */
    private static final class StreamReader {
        private final JsonCursor cursor;
        private final SpecificData model;
        private final int maxStringLength;

        StreamReader(JsonCursor cursor, SpecificData model, int maxStringLength) {
            this.cursor = cursor;
            this.model = model;
            this.maxStringLength = maxStringLength;
        }

        /** The record at the current START_OBJECT, or null to give up. */
        Object record(Schema schema, FastFields top, Map<String, String> captured) {
            RecordInfo info = RecordInfo.cached(schema);
            List<Schema.Field> fields = schema.getFields();
            Object[] values = new Object[fields.size()];
            boolean[] given = new boolean[fields.size()];
            java.util.Set<String> seenOther = null;
            for (JsonCursor.Token token = cursor.nextToken(); token != JsonCursor.Token.END_OBJECT;
                 token = cursor.nextToken()) {
                String name = cursor.name();
                JsonCursor.Token valueToken = cursor.nextToken();
                Schema.Field field = info.byName().get(name);
                if (top != null && (top.skipped().contains(name) || top.captured().contains(name))) {
                    if (seenOther == null) {
                        seenOther = new java.util.HashSet<>(4);
                    }
                    if (!seenOther.add(name)) {
                        return null; // duplicate
                    }
                    if (top.captured().contains(name)) {
                        if (valueToken == JsonCursor.Token.NULL) {
                            captured.put(name, null);
                        } else if (valueToken == JsonCursor.Token.STRING) {
                            captured.put(name, cursor.text());
                        } else {
                            return null;
                        }
                    } else if (valueToken == JsonCursor.Token.START_OBJECT
                            || valueToken == JsonCursor.Token.START_ARRAY) {
                        return null; // the tree path checks it for duplicate keys, which skipping would not
                    }
                    continue;
                }
                if (field == null || given[field.pos()]) {
                    return null; // unknown (a warning on the tree path) or given twice
                }
                given[field.pos()] = true;
                if (valueToken == JsonCursor.Token.NULL) {
                    continue; // as absent
                }
                Object value = convert(field.schema());
                if (value == GIVE_UP) {
                    return null;
                }
                values[field.pos()] = value;
            }
            IndexedRecord record = info.newRecord(model, schema);
            for (Schema.Field field : fields) {
                Object value = values[field.pos()];
                if (value == null) {
                    if (!field.hasDefaultValue()) {
                        if (top == null || !top.optional().contains(field.name())) {
                            return null; // required: the tree path names it
                        }
                    } else if (!info.nullDefault()[field.pos()]) {
                        record.put(field.pos(), model.deepCopy(field.schema(), model.getDefaultValue(field)));
                    }
                } else {
                    record.put(field.pos(), value);
                }
            }
            return record;
        }

        /** The value at the current token (not null), or GIVE_UP. */
        private Object convert(Schema schema) {
            JsonCursor.Token token = cursor.current();
            switch (schema.getType()) {
                case RECORD: {
                    if (token != JsonCursor.Token.START_OBJECT) {
                        return GIVE_UP;
                    }
                    Object record = record(schema, null, null);
                    return record == null ? GIVE_UP : record;
                }
                case UNION: {
                    List<Schema> branches = nonNullBranches(schema);
                    return branches.size() == 1 ? convert(branches.get(0)) : GIVE_UP;
                }
                case STRING: {
                    if (token != JsonCursor.Token.STRING) {
                        return GIVE_UP;
                    }
                    String text = cursor.text();
                    return text.length() > maxStringLength ? GIVE_UP : text;
                }
                case INT:
                    return token == JsonCursor.Token.INT && cursor.fitsInt() ? (Object) cursor.intValue() : GIVE_UP;
                case LONG: {
                    if (isTimestamp(schema)) {
                        if (token == JsonCursor.Token.INT) {
                            return Instant.ofEpochMilli(cursor.longValue());
                        }
                        if (token != JsonCursor.Token.STRING) {
                            return GIVE_UP;
                        }
                        String text = cursor.text();
                        Instant fast = utcInstant(text);
                        return fast != null ? fast : OffsetDateTime.parse(text).toInstant(); // throws: give up
                    }
                    return token == JsonCursor.Token.INT ? (Object) cursor.longValue() : GIVE_UP;
                }
                case DOUBLE:
                case FLOAT: {
                    double value;
                    if (token == JsonCursor.Token.INT) {
                        long integral = cursor.longValue(); // gives up past 18 digits
                        if (schema.getType() == Schema.Type.FLOAT) {
                            return (float) integral; // as a LongNode's floatValue(): one rounding, not two
                        }
                        value = integral;
                    } else if (token == JsonCursor.Token.FLOAT) {
                        value = cursor.doubleValue();
                    } else {
                        return GIVE_UP;
                    }
                    // as the tree path: a DoubleNode's floatValue() is the double narrowed
                    return schema.getType() == Schema.Type.FLOAT ? (Object) (float) value : value;
                }
                case BOOLEAN:
                    if (token == JsonCursor.Token.TRUE) {
                        return Boolean.TRUE;
                    }
                    return token == JsonCursor.Token.FALSE ? Boolean.FALSE : GIVE_UP;
                case ARRAY: {
                    if (token != JsonCursor.Token.START_ARRAY) {
                        return GIVE_UP;
                    }
                    List<Object> list = new ArrayList<>();
                    while (cursor.nextToken() != JsonCursor.Token.END_ARRAY) {
                        // a null element: the tree path converts it per the element schema; only unions accept it
                        Object element = cursor.current() == JsonCursor.Token.NULL
                                ? GIVE_UP : convert(schema.getElementType());
                        if (element == GIVE_UP) {
                            return GIVE_UP;
                        }
                        list.add(element);
                    }
                    return list;
                }
                case MAP: {
                    if (token != JsonCursor.Token.START_OBJECT) {
                        return GIVE_UP;
                    }
                    Map<String, Object> map = new LinkedHashMap<>();
                    while (cursor.nextToken() != JsonCursor.Token.END_OBJECT) {
                        String key = cursor.name();
                        cursor.nextToken();
                        Object value = cursor.current() == JsonCursor.Token.NULL
                                ? GIVE_UP : convert(schema.getValueType());
                        if (value == GIVE_UP || key.length() > maxStringLength || map.put(key, value) != null) {
                            return GIVE_UP; // includes a repeated key
                        }
                    }
                    return map;
                }
                case ENUM: {
                    if (token != JsonCursor.Token.STRING) {
                        return GIVE_UP;
                    }
                    String symbol = cursor.text();
                    return schema.hasEnumSymbol(symbol) ? model.createEnum(symbol, schema) : GIVE_UP;
                }
                default:
                    return GIVE_UP; // bytes, fixed, null: rare in items; the tree path handles them
            }
        }
    }

    /** The JSON object of a record (specific or generic), without null fields. */
    public static ObjectNode toJson(IndexedRecord record) {
        return (ObjectNode) write(record, record.getSchema());
    }

    private static final class Reader {
        private final SpecificData model;
        private final int maxStringLength;
        private final List<FieldError> errors = new ArrayList<>();
        private final List<String> ignored = new ArrayList<>();

        Reader(SpecificData model, int maxStringLength) {
            this.model = model;
            this.maxStringLength = maxStringLength;
        }

        Object convert(JsonNode node, Schema schema, String path) {
            switch (schema.getType()) {
                case RECORD:
                    return record(node, schema, path);
                case UNION:
                    return union(node, schema, path);
                case STRING:
                    if (!node.isTextual()) {
                        return error(path, "expected a string, got " + describe(node));
                    }
                    if (node.textValue().length() > maxStringLength) {
                        return error(path, "string of " + node.textValue().length() + " chars exceeds the limit of "
                                + maxStringLength);
                    }
                    return node.textValue();
                case INT:
                    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                        return error(path, "expected a 32-bit integer, got " + describe(node));
                    }
                    return node.intValue();
                case LONG:
                    return isTimestamp(schema) ? timestamp(node, path) : longValue(node, path);
                case DOUBLE:
                case FLOAT:
                    if (!node.isNumber()) {
                        return error(path, "expected a number, got " + describe(node));
                    }
                    return schema.getType() == Schema.Type.FLOAT ? (Object) node.floatValue() : node.doubleValue();
                case BOOLEAN:
                    if (!node.isBoolean()) {
                        return error(path, "expected true or false, got " + describe(node));
                    }
                    return node.booleanValue();
                case ARRAY:
                    return array(node, schema, path);
                case MAP:
                    return map(node, schema, path);
                case ENUM:
                    if (!node.isTextual() || !schema.hasEnumSymbol(node.textValue())) {
                        return error(path, "expected one of " + schema.getEnumSymbols() + ", got " + describe(node));
                    }
                    return model.createEnum(node.textValue(), schema);
                case BYTES:
                    if (!node.isTextual()) {
                        return error(path, "expected a base64 string, got " + describe(node));
                    }
                    try {
                        return ByteBuffer.wrap(Base64.getDecoder().decode(node.textValue()));
                    } catch (IllegalArgumentException e) {
                        return error(path, "invalid base64: " + e.getMessage());
                    }
                case NULL:
                    return node.isNull() ? null : error(path, "expected null, got " + describe(node));
                default:
                    return error(path, "unsupported schema type " + schema.getType());
            }
        }

        private Object record(JsonNode node, Schema schema, String path) {
            if (!node.isObject()) {
                return error(path, "expected an object, got " + describe(node));
            }
            RecordInfo info = RecordInfo.cached(schema);
            Map<String, Schema.Field> byName = info.byName();
            // by field position: a Schema.Field's hashCode hashes its whole schema, far too slow for a hot path
            List<Schema.Field> fields = schema.getFields();
            JsonNode[] values = new JsonNode[fields.size()];
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                Schema.Field field = byName.get(entry.getKey());
                if (field == null) {
                    ignored.add(join(path, entry.getKey()));
                } else if (values[field.pos()] != null) {
                    error(join(path, entry.getKey()), "given twice (by its name and an alias)");
                } else {
                    values[field.pos()] = entry.getValue();
                }
            }
            IndexedRecord record = info.newRecord(model, schema);
            for (Schema.Field field : fields) {
                JsonNode value = values[field.pos()];
                if (value == null || value.isNull()) {
                    if (!field.hasDefaultValue()) {
                        error(join(path, field.name()), value == null ? "required field is missing"
                                : "required field is null");
                    } else if (!info.nullDefault()[field.pos()]) {
                        // a new copy each time: defaults may be mutable (maps, lists, records)
                        record.put(field.pos(), model.deepCopy(field.schema(), model.getDefaultValue(field)));
                    } // else: null, which a new record already holds
                } else {
                    record.put(field.pos(), convert(value, field.schema(), join(path, field.name())));
                }
            }
            return record;
        }

        private Object union(JsonNode node, Schema schema, String path) {
            if (node.isNull()) {
                return schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL)
                        ? null : error(path, "must not be null");
            }
            List<Schema> branches = nonNullBranches(schema);
            if (branches.size() == 1) {
                return convert(node, branches.get(0), path);
            }
            for (Schema branch : branches) {
                Reader probe = new Reader(model, maxStringLength);
                Object value = probe.convert(node, branch, path);
                if (probe.errors.isEmpty()) {
                    ignored.addAll(probe.ignored);
                    return value;
                }
            }
            return error(path, "matches none of " + branches.stream().map(Schema::getName).toList());
        }

        private Object array(JsonNode node, Schema schema, String path) {
            if (!node.isArray()) {
                return error(path, "expected an array, got " + describe(node));
            }
            List<Object> list = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                list.add(convert(node.get(i), schema.getElementType(), path + "[" + i + "]"));
            }
            return list;
        }

        private Object map(JsonNode node, Schema schema, String path) {
            if (!node.isObject()) {
                return error(path, "expected an object, got " + describe(node));
            }
            Map<String, Object> map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (entry.getKey().length() > maxStringLength) {
                    error(path, "a key exceeds the limit of " + maxStringLength + " chars");
                    continue;
                }
                map.put(entry.getKey(), convert(entry.getValue(), schema.getValueType(), join(path, entry.getKey())));
            }
            return map;
        }

        private Object longValue(JsonNode node, String path) {
            if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                return error(path, "expected an integer, got " + describe(node));
            }
            return node.longValue();
        }

        private Object timestamp(JsonNode node, String path) {
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                return Instant.ofEpochMilli(node.longValue());
            }
            if (node.isTextual()) {
                try {
                    Instant fast = utcInstant(node.textValue());
                    return fast != null ? fast : OffsetDateTime.parse(node.textValue()).toInstant();
                } catch (DateTimeParseException e) {
                    return error(path, "expected an ISO-8601 timestamp with offset (2026-01-31T12:00:00Z), got '"
                            + abbreviate(node.textValue()) + "'");
                }
            }
            return error(path, "expected an ISO-8601 timestamp or epoch milliseconds, got " + describe(node));
        }

        private Object error(String path, String message) {
            errors.add(new FieldError(path.isEmpty() ? "$" : path, message));
            return null;
        }
    }

    /**
     * Per record schema: fields by name and alias, which fields default to null, and a factory calling the no-argument
     * constructor of the generated class (looked up once: {@code SpecificData.getClass} per record was 5 % of
     * ingest's server CPU, and {@code SpecificData.newInstance}'s own cache lookup a few more; a reflective
     * {@code Constructor.newInstance} another 4 %), or null where there is none.
     */
    private record RecordInfo(Map<String, Schema.Field> byName, boolean[] nullDefault,
                              java.util.function.Supplier<?> factory) {
        static RecordInfo cached(Schema schema) {
            Identity key = new Identity(schema);
            RecordInfo known = RECORDS.get(key); // lock-free; computeIfAbsent costs more on every hit
            return known != null ? known : RECORDS.computeIfAbsent(key, k -> of(k.schema()));
        }

        /** A new, empty record of this schema: of its generated class where there is one. */
        IndexedRecord newRecord(SpecificData model, Schema schema) {
            return factory == null ? (IndexedRecord) model.newRecord(null, schema) : (IndexedRecord) factory.get();
        }

        static RecordInfo of(Schema schema) {
            Map<String, Schema.Field> byName = new HashMap<>();
            boolean[] nullDefault = new boolean[schema.getFields().size()];
            for (Schema.Field field : schema.getFields()) {
                byName.put(field.name(), field);
                field.aliases().forEach(alias -> byName.putIfAbsent(alias, field));
                nullDefault[field.pos()] = field.hasDefaultValue() && NULL_DEFAULT.equals(field.defaultVal());
            }
            Class<?> type = SpecificData.get().getClass(schema);
            java.util.function.Supplier<?> factory = null;
            if (type != null && IndexedRecord.class.isAssignableFrom(type)
                    && !SpecificData.SchemaConstructable.class.isAssignableFrom(type)) {
                factory = constructorOf(type);
            }
            return new RecordInfo(Map.copyOf(byName), nullDefault, factory);
        }

        /**
         * The public no-argument constructor of a generated class as a {@code Supplier} (a direct call once
         * compiled), or null where there is none or access is refused: then the model creates the record.
         */
        private static java.util.function.Supplier<?> constructorOf(Class<?> type) {
            try {
                if (Class.forName(type.getName(), false, AvroJson.class.getClassLoader()) != type) {
                    return null; // another loader's class: the factory defined next to AvroJson could not see it
                }
                java.lang.invoke.MethodHandles.Lookup lookup = java.lang.invoke.MethodHandles.lookup();
                java.lang.invoke.MethodHandle constructor = lookup.findConstructor(type,
                        java.lang.invoke.MethodType.methodType(void.class));
                return (java.util.function.Supplier<?>) java.lang.invoke.LambdaMetafactory.metafactory(lookup, "get",
                        java.lang.invoke.MethodType.methodType(java.util.function.Supplier.class),
                        java.lang.invoke.MethodType.methodType(Object.class), constructor,
                        java.lang.invoke.MethodType.methodType(type)).getTarget().invoke();
            } catch (Error e) {
                throw e;
            } catch (Throwable e) { // MethodHandle.invoke declares Throwable; access refused, no such constructor
                return null;
            }
        }
    }

    /** The branches of a union other than null, computed once per union schema. */
    private static List<Schema> nonNullBranches(Schema union) {
        Identity identity = new Identity(union);
        List<Schema> known = NON_NULL_BRANCHES.get(identity);
        return known != null ? known : NON_NULL_BRANCHES.computeIfAbsent(identity, key ->
                key.schema().getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList());
    }

    private static JsonNode write(Object value, Schema schema) {
        if (value == null) {
            return NODES.nullNode();
        }
        switch (schema.getType()) {
            case RECORD: {
                IndexedRecord record = (IndexedRecord) value;
                ObjectNode object = NODES.objectNode();
                for (Schema.Field field : schema.getFields()) {
                    Object fieldValue = record.get(field.pos());
                    if (fieldValue != null) {
                        object.set(field.name(), write(fieldValue, field.schema()));
                    }
                }
                return object;
            }
            case UNION:
                return write(value, branchOf(schema, value));
            case STRING:
            case ENUM:
                return NODES.textNode(value.toString());
            case INT:
                return NODES.numberNode(((Number) value).intValue());
            case LONG:
                if (isTimestamp(schema)) {
                    Instant instant = value instanceof Instant i ? i : Instant.ofEpochMilli(((Number) value).longValue());
                    return NODES.textNode(instant.toString());
                }
                return number(((Number) value).longValue());
            case FLOAT:
            case DOUBLE: {
                double d = ((Number) value).doubleValue();
                return Double.isFinite(d) ? NODES.numberNode(d) : NODES.textNode(Double.toString(d));
            }
            case BOOLEAN:
                return NODES.booleanNode((Boolean) value);
            case BYTES: {
                ByteBuffer buffer = ((ByteBuffer) value).duplicate();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
            }
            case FIXED:
                return NODES.textNode(Base64.getEncoder().encodeToString(((GenericData.Fixed) value).bytes()));
            case ARRAY: {
                ArrayNode array = NODES.arrayNode();
                for (Object element : (Collection<?>) value) {
                    array.add(write(element, schema.getElementType()));
                }
                return array;
            }
            case MAP: {
                ObjectNode object = NODES.objectNode();
                ((Map<?, ?>) value).forEach((k, v) -> object.set(k.toString(), write(v, schema.getValueType())));
                return object;
            }
            default:
                return NODES.nullNode();
        }
    }

    /** Small longs as int nodes, as Jackson parses them, so a parsed input and its echo compare equal. */
    private static JsonNode number(long value) {
        return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
    }

    private static Schema branchOf(Schema union, Object value) {
        List<Schema> nonNull = nonNullBranches(union);
        if (nonNull.size() == 1) {
            return nonNull.get(0);
        }
        return union.getTypes().get(SpecificData.get().resolveUnion(union, value));
    }

    /**
     * The common shape {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} without a {@link java.time.format.DateTimeFormatter}
     * (which cost a visible share of ingest's CPU); null for anything else or anything invalid, which then takes the
     * general path and its error message. Same result as {@link OffsetDateTime#parse} wherever it answers.
     */
    static Instant utcInstant(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int nanos = 0;
        if (length > 20) {
            int fractionDigits = length - 21;
            if (text.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
                return null;
            }
            int fraction = digits(text, 20, fractionDigits);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        try {
            return java.time.LocalDateTime.of(year, month, day, hour, minute, second, nanos)
                    .toInstant(java.time.ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return null; // e.g. February 30: the general path says what is wrong
        }
    }

    /** The decimal number of {@code count} ASCII digits at {@code start}, or -1. */
    private static int digits(String text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isTimestamp(Schema schema) {
        LogicalType logicalType = schema.getLogicalType();
        return logicalType instanceof LogicalTypes.TimestampMillis;
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static String describe(JsonNode node) {
        String type = switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> node.isIntegralNumber() ? "an integer" : "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
        if (node.isValueNode() && !node.isNull()) {
            return type + " (" + abbreviate(node.asText()) + ")";
        }
        return type;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
