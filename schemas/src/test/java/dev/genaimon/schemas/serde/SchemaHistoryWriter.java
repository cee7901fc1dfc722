package dev.genaimon.schemas.serde;

import dev.genaimon.schemas.topics.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Publishes a new history version for every value schema whose current form differs from its latest published
 * version. Run it after changing an {@code .avsc} (see docs/schemas.md):
 * {@code mvn -pl schemas test-compile exec:java -Dexec.mainClass=... -Dexec.classpathScope=test}, or from the IDE with
 * the module directory as working directory.
 */
final class SchemaHistoryWriter {

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "src/main/resources/" + SchemaHistory.ROOT);
        Path index = root.resolve("index.txt");
        List<String> entries = new ArrayList<>(Files.exists(index) ? Files.readAllLines(index) : List.of(
                "# Every published version of every genaimon value schema, oldest first. Never edit a published file.",
                "# Add versions with SchemaHistoryWriter (schemas/src/test/java)."));
        for (Class<? extends SpecificRecord> type : versionedTypes()) {
            Schema current = SpecificData.get().getSchema(type);
            String name = current.getName();
            List<String> published = entries.stream().filter(e -> e.startsWith(name + "/")).toList();
            if (!published.isEmpty()) {
                Schema latest = new Schema.Parser().parse(root.resolve(published.get(published.size() - 1)).toFile());
                if (SchemaHistory.fingerprint(latest) == SchemaHistory.fingerprint(current)) {
                    continue;
                }
            }
            String entry = name + "/v" + (published.size() + 1) + ".avsc";
            Files.createDirectories(root.resolve(name));
            Files.writeString(root.resolve(entry), current.toString(true) + "\n", StandardCharsets.UTF_8);
            entries.add(entry);
            System.out.println("published " + entry);
        }
        Files.write(index, entries, StandardCharsets.UTF_8);
    }

    private SchemaHistoryWriter() {
    }

    private static java.util.List<Class<? extends SpecificRecord>> versionedTypes() {
        java.util.List<Class<? extends SpecificRecord>> types = new java.util.ArrayList<>(Topics.VALUE_TYPES);
        types.addAll(Topics.STORE_TYPES);
        return types;
    }
}
