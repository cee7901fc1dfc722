package dev.genaimon.schemas.serde;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * Every published version of every genaimon schema, shipped in this module under
 * {@code dev/genaimon/schemas/history/<Name>/v<N>.avsc} and listed in {@code history/index.txt}.
 *
 * <p>Readers of single-object-encoded records find the writer's schema here by its CRC-64-AVRO fingerprint, so any
 * writer version can be read without a schema registry. A version, once published, is never edited; a changed schema
 * gets a new file (see {@code docs/schemas.md}).
 */
public final class SchemaHistory implements SchemaStore {

    static final String ROOT = "dev/genaimon/schemas/history/";

    private static final class Bundled {
        static final SchemaHistory INSTANCE = load(SchemaHistory.class.getClassLoader());
    }

    private final Map<String, List<Schema>> versionsByName;
    private final Map<Long, Schema> byFingerprint;

    private SchemaHistory(Map<String, List<Schema>> versionsByName) {
        this.versionsByName = versionsByName;
        Map<Long, Schema> fingerprints = new HashMap<>();
        versionsByName.values().forEach(list -> list.forEach(s -> fingerprints.put(fingerprint(s), s)));
        this.byFingerprint = Map.copyOf(fingerprints);
    }

    /** The history bundled with this jar (loaded once). */
    public static SchemaHistory bundled() {
        return Bundled.INSTANCE;
    }

    /** A history from explicit versions (tests, tools). */
    static SchemaHistory of(Map<String, List<Schema>> versionsByName) {
        return new SchemaHistory(Map.copyOf(versionsByName));
    }

    static SchemaHistory load(ClassLoader loader) {
        Map<String, List<Schema>> versions = new LinkedHashMap<>();
        for (String entry : readIndex(loader)) {
            String name = entry.substring(0, entry.indexOf('/'));
            Schema schema = parse(loader, ROOT + entry);
            versions.computeIfAbsent(name, n -> new ArrayList<>()).add(schema);
        }
        versions.replaceAll((name, list) -> Collections.unmodifiableList(list));
        return new SchemaHistory(Collections.unmodifiableMap(versions));
    }

    /** CRC-64-AVRO fingerprint of the schema's parsing canonical form, as used by single-object encoding. */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /** Simple record name (e.g. {@code Interaction}) to its versions, oldest first. */
    public Map<String, List<Schema>> versions() {
        return versionsByName;
    }

    /** Versions of one record, oldest first; empty when unknown. */
    public List<Schema> versions(String simpleName) {
        return versionsByName.getOrDefault(simpleName, List.of());
    }

    @Override
    public Schema findByFingerprint(long fingerprint) {
        return byFingerprint.get(fingerprint);
    }

    private static List<String> readIndex(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(ROOT + "index.txt")) {
            if (in == null) {
                throw new IllegalStateException("schema history index missing from the classpath: " + ROOT + "index.txt");
            }
            List<String> entries = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    line = line.strip();
                    if (!line.isEmpty() && !line.startsWith("#")) {
                        entries.add(line);
                    }
                }
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema parse(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema history lists a missing file: " + resource);
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
