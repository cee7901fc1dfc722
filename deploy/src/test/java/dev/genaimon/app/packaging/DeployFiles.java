package dev.genaimon.app.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** Reading the deployment files the way their tools do, closely enough to catch what breaks them. */
final class DeployFiles {

    /** Directives on a line of their own: control flow, includes that add whole blocks, variables, comments. */
    private static final Pattern DIRECTIVE_LINE = Pattern.compile("^\\s*\\{\\{-?.*?-?}}\\s*$");
    private static final Pattern INLINE_DIRECTIVE = Pattern.compile("\\{\\{-?.*?-?}}");
    private static final Pattern TEMPLATE_COMMENT = Pattern.compile("\\{\\{-?\\s*/\\*.*?\\*/\\s*-?}}", Pattern.DOTALL);
    private static final Pattern VERSION_TAG = Pattern.compile("^v?\\d+\\.\\d+(\\.\\d+)?([._-][A-Za-z0-9._-]+)?$");

    private DeployFiles() {
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("deploy").resolve("src"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from inside the genaimon repository");
        }
        return dir;
    }

    /** YAML the way Kubernetes, Compose and Actions read it: anchors and merge keys allowed, duplicate keys not. */
    static List<Object> yamlDocuments(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<Object> documents = new ArrayList<>();
        for (Object document : new Yaml(options).loadAll(text)) {
            if (document != null) {
                documents.add(document);
            }
        }
        return documents;
    }

    static List<Object> yamlDocuments(Path file) throws IOException {
        return yamlDocuments(Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * A Helm template as YAML, without a Helm binary: template comments go, a line that is only a directive
     * ({@code {{- if }}}, {@code {{- end }}}, {@code {{- toYaml ... | nindent 4 }}}) goes, and a directive inside a
     * line becomes the scalar {@code TEMPLATED}. Templates are written so that this leaves valid YAML: no else
     * branches that repeat keys, no directives producing keys of their own inside a mapping that also has them.
     */
    static String stripTemplate(String template) {
        // a (multi-line) comment becomes an empty directive, dropped below when it stood on its own line(s)
        String text = TEMPLATE_COMMENT.matcher(template).replaceAll("{{- }}");
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (DIRECTIVE_LINE.matcher(line).matches()) {
                continue;
            }
            out.append(INLINE_DIRECTIVE.matcher(line).replaceAll("TEMPLATED")).append('\n');
        }
        return out.toString();
    }

    /** Every {@code .Values.a.b} path a template uses. */
    static List<String> valuePaths(String template) {
        List<String> paths = new ArrayList<>();
        Matcher matcher = Pattern.compile("\\.Values\\.([A-Za-z0-9_]+(?:\\.[A-Za-z0-9_]+)*)").matcher(template);
        while (matcher.find()) {
            paths.add(matcher.group(1));
        }
        return paths;
    }

    @SuppressWarnings("unchecked")
    static Object at(Object node, String dottedPath) {
        Object current = node;
        for (String part : dottedPath.split("\\.")) {
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(part)) {
                return Missing.VALUE;
            }
            current = ((Map<String, Object>) map).get(part);
        }
        return current;
    }

    enum Missing { VALUE }

    /**
     * Whether an image reference names a specific version: a tag with at least major.minor, or a digest; never
     * {@code latest}, never a bare major ({@code 17-jre}).
     */
    static boolean pinned(String image) {
        if (image.contains("@sha256:")) {
            return true;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon < slash + 1) {
            return false;
        }
        return isVersionTag(image.substring(colon + 1));
    }

    static boolean isVersionTag(String tag) {
        return !tag.contains("latest") && VERSION_TAG.matcher(tag).matches();
    }
}
