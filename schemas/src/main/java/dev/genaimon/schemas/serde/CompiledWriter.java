package dev.genaimon.schemas.serde;

import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.Encoder;
import org.apache.avro.specific.SpecificData;

/**
 * Writes records with a tree of small writers built once per schema, instead of Avro's general writer, which for
 * every field of every record looks up the field's value, its conversion and its schema type again (30 % of
 * ingest's server CPU for a 2 KB interaction in JFR, boxing and conversion lookups included). The bytes are the
 * same as Avro's ({@code CompiledWriterTest} compares both on random records of every topic and store type):
 * records, strings, numbers, booleans, arrays, maps, {@code ["null", T]} unions and timestamp-millis are written
 * here; anything else (enums, bytes, fixed, unions of several types) by Avro's writer for that value.
 */
final class CompiledWriter<T> extends AvroSerializer.NullableUnionWriter<T> {

    /** Writes one value of a schema. */
    private interface Node {
        void write(Object datum, Encoder out) throws IOException;
    }

    private final Node root;

    CompiledWriter(Schema schema, SpecificData model) {
        super(schema, model);
        this.root = compile(schema, new IdentityHashMap<>(), schema.getName());
    }

    @Override
    public void write(T datum, Encoder out) throws IOException {
        root.write(datum, out);
    }

    private Node compile(Schema schema, Map<Schema, Node> records, String path) {
        switch (schema.getType()) {
            case RECORD:
                return record(schema, records, path);
            case STRING:
                // as Avro's writer: the encoder writes a Utf8's bytes as they are, anything else via toString
                return (datum, out) -> out.writeString((CharSequence) required(datum, schema, path));
            case LONG:
                if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
                    return (datum, out) -> out.writeLong(datum instanceof Instant instant
                            ? instant.toEpochMilli() : ((Number) required(datum, schema, path)).longValue());
                }
                if (schema.getLogicalType() != null) {
                    return fallback(schema);
                }
                return (datum, out) -> out.writeLong(((Number) required(datum, schema, path)).longValue());
            case INT:
                if (schema.getLogicalType() != null) {
                    return fallback(schema);
                }
                return (datum, out) -> out.writeInt(((Number) required(datum, schema, path)).intValue());
            case DOUBLE:
                return (datum, out) -> out.writeDouble(((Number) required(datum, schema, path)).doubleValue());
            case FLOAT:
                return (datum, out) -> out.writeFloat(((Number) required(datum, schema, path)).floatValue());
            case BOOLEAN:
                return (datum, out) -> out.writeBoolean((Boolean) required(datum, schema, path));
            case NULL:
                return (datum, out) -> out.writeNull();
            case ARRAY: {
                Node element = compile(schema.getElementType(), records, path + "[]");
                return (datum, out) -> {
                    Collection<?> items = (Collection<?>) required(datum, schema, path);
                    out.writeArrayStart();
                    out.setItemCount(items.size());
                    if (items instanceof List<?> list && items instanceof RandomAccess) {
                        // by index: the call site sees several list classes, and an iterator per array was 2 %
                        // of ingest's server CPU
                        for (int i = 0; i < list.size(); i++) {
                            out.startItem();
                            element.write(list.get(i), out);
                        }
                    } else {
                        for (Object item : items) {
                            out.startItem();
                            element.write(item, out);
                        }
                    }
                    out.writeArrayEnd();
                };
            }
            case MAP: {
                Node value = compile(schema.getValueType(), records, path + "{}");
                return (datum, out) -> {
                    Map<?, ?> map = (Map<?, ?>) required(datum, schema, path);
                    out.writeMapStart();
                    out.setItemCount(map.size());
                    for (Map.Entry<?, ?> entry : map.entrySet()) {
                        out.startItem();
                        out.writeString(entry.getKey().toString());
                        value.write(entry.getValue(), out);
                    }
                    out.writeMapEnd();
                };
            }
            case UNION:
                return union(schema, records, path);
            default:
                return fallback(schema);
        }
    }

    private Node record(Schema schema, Map<Schema, Node> records, String path) {
        Node known = records.get(schema);
        if (known != null) {
            return known;
        }
        List<Schema.Field> fields = schema.getFields();
        Node[] nodes = new Node[fields.size()];
        Node node = (datum, out) -> {
            IndexedRecord record = (IndexedRecord) required(datum, schema, path);
            for (int i = 0; i < nodes.length; i++) {
                nodes[i].write(record.get(i), out);
            }
        };
        records.put(schema, node); // before the fields: a recursive schema refers to itself
        for (Schema.Field field : fields) {
            nodes[field.pos()] = compile(field.schema(), records, path + "." + field.name());
        }
        return node;
    }

    private Node union(Schema schema, Map<Schema, Node> records, String path) {
        List<Schema> branches = schema.getTypes();
        if (branches.size() != 2 || (branches.get(0).getType() == Schema.Type.NULL)
                == (branches.get(1).getType() == Schema.Type.NULL)) {
            return fallback(schema);
        }
        int nullIndex = branches.get(0).getType() == Schema.Type.NULL ? 0 : 1;
        Node value = compile(branches.get(1 - nullIndex), records, path);
        return (datum, out) -> {
            if (datum == null) {
                out.writeIndex(nullIndex);
                out.writeNull();
            } else {
                out.writeIndex(1 - nullIndex);
                value.write(datum, out);
            }
        };
    }

    /** Avro's own writer for this value (with this writer's union resolution). */
    private Node fallback(Schema schema) {
        return (datum, out) -> write(schema, datum, out);
    }

    private static Object required(Object datum, Schema schema, String path) {
        if (datum == null) {
            throw new NullPointerException("null value for (non-nullable) " + schema.getType().getName() + " at "
                    + path);
        }
        return datum;
    }
}
