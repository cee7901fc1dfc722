package dev.genaimon.evaluators.safety;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Locates the shared labelled corpora: system property {@code genaimon.shared.dir}, else the first
 * {@code shared/corpora} found walking up from the working directory. Tests skip (assumption) when absent.
 */
public final class Corpora {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Corpora() {
    }

    /** The corpora directory, or empty when not present on this machine. */
    public static java.util.Optional<Path> root() {
        String prop = System.getProperty("genaimon.shared.dir");
        if (prop != null && !prop.isBlank()) {
            Path p = Path.of(prop);
            Path corpora = Files.isDirectory(p.resolve("corpora")) ? p.resolve("corpora") : p;
            return Files.isDirectory(corpora) ? java.util.Optional.of(corpora) : java.util.Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("corpora");
            if (Files.isDirectory(candidate)) {
                return java.util.Optional.of(candidate);
            }
        }
        return java.util.Optional.empty();
    }

    /** Resolves a corpus file or skips the calling test with a clear message. */
    public static Path require(String relative) {
        var root = root();
        assumeTrue(root.isPresent(), "shared corpora not found (set -Dgenaimon.shared.dir=/work/shared); skipping");
        Path file = root.get().resolve(relative);
        assumeTrue(Files.isRegularFile(file), "corpus file missing: " + file + "; skipping");
        return file;
    }

    public static List<JsonNode> readJsonl(Path file) {
        List<JsonNode> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    rows.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** Minimal RFC 4180 reader: quoted fields, doubled quotes, newlines inside quotes. */
    public static final class Csv {
        public static List<List<String>> parse(String s) {
            List<List<String>> out = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    row.add(field.toString());
                    field.setLength(0);
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                        i++;
                    }
                    row.add(field.toString());
                    field.setLength(0);
                    out.add(row);
                    row = new ArrayList<>();
                } else {
                    field.append(c);
                }
            }
            if (field.length() > 0 || !row.isEmpty()) {
                row.add(field.toString());
                out.add(row);
            }
            return out;
        }
    }
}
