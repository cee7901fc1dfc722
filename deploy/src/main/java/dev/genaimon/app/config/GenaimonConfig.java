package dev.genaimon.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * genaimon's configuration: one YAML file, with defaults &lt; file &lt; environment &lt; system properties &lt; command
 * line flags. Everything is validated at load time and every problem is reported at once with its key, its source
 * and what was expected; nothing fails later, per record, because of configuration.
 */
public final class GenaimonConfig {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final Map<String, Object> values;
    private final Map<String, String> sources;
    private final Map<String, Set<String>> apiKeyHashes;
    private final Map<String, String> kafkaProperties;
    private final Map<String, String> redaction;
    private final Map<String, double[]> tenantRates;
    private final Map<String, String> judge;
    private final Map<String, String> azureMonitorColumns;

    private GenaimonConfig(Map<String, Object> values, Map<String, String> sources,
                           Map<String, Set<String>> apiKeyHashes, Map<String, String> kafkaProperties,
                           Map<String, String> redaction, Map<String, double[]> tenantRates,
                           Map<String, String> judge, Map<String, String> azureMonitorColumns) {
        this.values = values;
        this.sources = sources;
        this.apiKeyHashes = apiKeyHashes;
        this.kafkaProperties = kafkaProperties;
        this.redaction = redaction;
        this.tenantRates = tenantRates;
        this.judge = judge;
        this.azureMonitorColumns = azureMonitorColumns;
    }

    /** Defaults only: the embedded, dev-mode configuration. */
    public static GenaimonConfig defaults() {
        return load(null, Map.of(), new Properties(), Map.of());
    }

    /**
     * @param file      YAML file, or null
     * @param env       environment variables
     * @param sysprops  system properties
     * @param overrides command-line flags, by key name
     * @throws ConfigException listing every problem
     */
    public static GenaimonConfig load(Path file, Map<String, String> env, Properties sysprops,
                                      Map<String, String> overrides) {
        List<String> problems = new ArrayList<>();
        Map<String, String> raw = new HashMap<>();
        Map<String, String> sources = new HashMap<>();
        JsonNode apiKeys = null;
        JsonNode kafkaProps = null;
        JsonNode redactionModes = null;
        JsonNode rateTenants = null;
        Map<String, String> judge = new LinkedHashMap<>();
        JsonNode azureColumns = null;
        String fileName = file == null ? null : file.toString();

        if (file != null) {
            JsonNode root = readYaml(file, problems);
            if (root != null && !root.isMissingNode() && !root.isNull()) {
                if (!root.isObject()) {
                    problems.add(fileName + ": expected a mapping of keys at the top level");
                } else {
                    Map<String, JsonNode> flat = new LinkedHashMap<>();
                    flatten(root, "", flat);
                    for (Map.Entry<String, JsonNode> entry : flat.entrySet()) {
                        String key = entry.getKey();
                        JsonNode value = entry.getValue();
                        if (key.equals(ConfigKeys.API_KEYS)) {
                            apiKeys = value;
                        } else if (key.equals(ConfigKeys.KAFKA_PROPERTIES)) {
                            kafkaProps = value;
                        } else if (key.equals(ConfigKeys.REDACTION)) {
                            redactionModes = value;
                        } else if (key.equals(ConfigKeys.RATE_LIMIT_TENANTS)) {
                            rateTenants = value;
                        } else if (key.equals(ConfigKeys.AZURE_MONITOR_COLUMNS)) {
                            azureColumns = value;
                        } else if ((key.startsWith(ConfigKeys.JUDGE + ".") || key.startsWith(ConfigKeys.CONTENT_SAFETY + "."))
                                && value.isValueNode()) {
                            if (!value.isNull()) {
                                // plain digits: YAML 0.00015 stays 0.00015, not 1.5E-4
                                judge.put(key, value.isNumber() ? value.decimalValue().toPlainString() : value.asText());
                            }
                        } else if (find(key) == null) {
                            problems.add(fileName + ": unknown key '" + key + "'" + suggestion(key));
                        } else if (!value.isValueNode()) {
                            problems.add(fileName + ": " + key + ": expected a single value, got a "
                                    + value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
                        } else if (!value.isNull()) {
                            raw.put(key, value.asText());
                            sources.put(key, fileName);
                        }
                    }
                }
            }
        }
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            String fromEnv = env.get(key.environmentVariable());
            if (fromEnv != null) {
                raw.put(key.name(), fromEnv);
                sources.put(key.name(), "environment " + key.environmentVariable());
            }
            String fromProperty = sysprops.getProperty(key.systemProperty());
            if (fromProperty != null) {
                raw.put(key.name(), fromProperty);
                sources.put(key.name(), "system property " + key.systemProperty());
            }
        }
        overrides.forEach((name, value) -> {
            if (find(name) == null) {
                throw new IllegalArgumentException("unknown configuration key " + name);
            }
            raw.put(name, value);
            sources.put(name, "command line");
        });

        Map<String, Object> values = new HashMap<>();
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            String text = raw.getOrDefault(key.name(), key.defaultValue());
            try {
                values.put(key.name(), key.parser().apply(text));
            } catch (IllegalArgumentException e) {
                problems.add(key.name() + " (from " + sources.getOrDefault(key.name(), "default") + "): "
                        + e.getMessage());
            }
            sources.putIfAbsent(key.name(), "default");
        }
        Map<String, Set<String>> hashes = apiKeys(apiKeys, env.get("GENAIMON_API_KEYS"), fileName, problems);
        Map<String, String> kafka = stringMap(kafkaProps, ConfigKeys.KAFKA_PROPERTIES, fileName, problems);
        Map<String, String> redaction = stringMap(redactionModes, ConfigKeys.REDACTION, fileName, problems);
        redaction.forEach((type, mode) -> {
            if (!List.of("mask", "hash", "keep").contains(mode)) {
                problems.add(fileName + ": " + ConfigKeys.REDACTION + "." + type + ": expected mask, hash or keep, got '"
                        + mode + "'");
            }
        });
        Map<String, double[]> rates = tenantRates(rateTenants, fileName, problems);
        if ("registry".equals(values.get(ConfigKeys.SERDE_FORMAT.name()))
                && String.valueOf(values.get(ConfigKeys.REGISTRY_URL.name())).isBlank()) {
            problems.add(ConfigKeys.SERDE_FORMAT.name() + ": 'registry' needs " + ConfigKeys.REGISTRY_URL.name());
        }
        Map<String, String> columns = stringMap(azureColumns, ConfigKeys.AZURE_MONITOR_COLUMNS, fileName, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new GenaimonConfig(Map.copyOf(values), Map.copyOf(sources), hashes, kafka, redaction,
                rates, Map.copyOf(judge), Map.copyOf(columns));
    }

    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        return (T) values.get(key.name());
    }

    /** Where the effective value of a key came from: default, the file, an environment variable, ... */
    public String source(ConfigKey<?> key) {
        return sources.get(key.name());
    }

    /** True when no external cluster is configured: run an embedded broker. */
    public boolean embeddedBroker() {
        return get(ConfigKeys.BOOTSTRAP_SERVERS).isBlank();
    }

    public Map<String, Set<String>> apiKeyHashes() {
        return apiKeyHashes;
    }

    /** Extra client properties (security.protocol, sasl.*, ssl.*) applied to every Kafka client genaimon creates. */
    public Map<String, String> kafkaProperties() {
        return kafkaProperties;
    }

    /** PII type (Presidio name) to mask, hash or keep; types not listed are masked. */
    public Map<String, String> redactionModes() {
        return redaction;
    }

    /**
     * The LLM judge's settings from the YAML section {@code judge:} (flattened, {@code judge.}-prefixed, e.g.
     * {@code judge.endpoint}); validated by the judge itself when the evaluation worker starts.
     */
    public Map<String, String> judgeSettings() {
        return withPrefix(ConfigKeys.JUDGE + ".");
    }

    /**
     * Azure AI Content Safety's settings from the YAML section {@code content-safety:} (flattened,
     * {@code content-safety.}-prefixed); validated by the detector when the evaluation worker starts.
     */
    public Map<String, String> contentSafetySettings() {
        return withPrefix(ConfigKeys.CONTENT_SAFETY + ".");
    }

    private Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        judge.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                out.put(key, value);
            }
        });
        return Map.copyOf(out);
    }

    /** The Azure Monitor source's column mapping: interaction field to result column (or {@code =constant}). */
    public Map<String, String> azureMonitorColumns() {
        return azureMonitorColumns;
    }

    /** Tenant to {per-second, burst} overrides of the default rate limit. */
    public Map<String, double[]> tenantRateLimits() {
        return tenantRates;
    }

    /** The effective configuration, one key per line with its source; secrets masked. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            Object value = values.get(key.name());
            String shown = (key.name().contains("password") || key.name().endsWith("secret")) && !String.valueOf(value).isEmpty() ? "****" : String.valueOf(value);
            out.append(key.name()).append(" = ").append(shown).append("   # ").append(source(key)).append('\n');
        }
        out.append(ConfigKeys.API_KEYS).append(" = ").append(apiKeyHashes.isEmpty() ? "(none: dev mode)"
                : apiKeyHashes.keySet() + " tenants").append('\n');
        out.append(ConfigKeys.KAFKA_PROPERTIES).append(" = ").append(new TreeMap<>(kafkaProperties).keySet())
                .append('\n');
        return out.toString();
    }

    private static JsonNode readYaml(Path file, List<String> problems) {
        if (!Files.isRegularFile(file)) {
            problems.add(file + ": no such file");
            return null;
        }
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            problems.add(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
            return null;
        }
    }

    /** Nested mappings become dotted names, except the structured keys, which are kept whole. */
    private static void flatten(JsonNode node, String prefix, Map<String, JsonNode> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
            JsonNode value = entry.getValue();
            if (value.isObject() && !name.equals(ConfigKeys.KAFKA_PROPERTIES) && !name.equals(ConfigKeys.REDACTION)
                    && !name.equals(ConfigKeys.RATE_LIMIT_TENANTS) && !name.equals(ConfigKeys.AZURE_MONITOR_COLUMNS)) {
                flatten(value, name, out);
            } else {
                out.put(name, value);
            }
        }
    }

    private static ConfigKey<?> find(String name) {
        return ConfigKeys.ALL.stream().filter(k -> k.name().equals(name)).findFirst().orElse(null);
    }

    private static String suggestion(String unknown) {
        return ConfigKeys.ALL.stream().map(ConfigKey::name)
                .min(Comparator.comparingInt(name -> distance(name, unknown)))
                .filter(name -> distance(name, unknown) <= 3)
                .map(name -> " (did you mean '" + name + "'?)").orElse("");
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] current = new int[b.length() + 1];
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            previous = current;
        }
        return previous[b.length()];
    }

    private static Map<String, Set<String>> apiKeys(JsonNode list, String fromEnv, String file, List<String> problems) {
        Map<String, Set<String>> hashes = new HashMap<>();
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                problems.add(file + ": " + ConfigKeys.API_KEYS + ": expected a list of {tenant, sha256}");
            } else {
                for (int i = 0; i < list.size(); i++) {
                    JsonNode entry = list.get(i);
                    addKey(entry.path("tenant").asText(""), entry.path("sha256").asText(""),
                            file + ": " + ConfigKeys.API_KEYS + "[" + i + "]", hashes, problems);
                }
            }
        }
        if (fromEnv != null && !fromEnv.isBlank()) {
            for (String pair : fromEnv.split(",")) {
                String[] parts = pair.strip().split(":", 2);
                addKey(parts[0], parts.length > 1 ? parts[1] : "", "environment GENAIMON_API_KEYS", hashes, problems);
            }
        }
        Map<String, Set<String>> frozen = new HashMap<>();
        hashes.forEach((tenant, set) -> frozen.put(tenant, Set.copyOf(set)));
        return Map.copyOf(frozen);
    }

    private static void addKey(String tenant, String sha256, String where, Map<String, Set<String>> hashes,
                               List<String> problems) {
        if (tenant.isBlank()) {
            problems.add(where + ": tenant is missing");
        } else if (!SHA256_HEX.matcher(sha256).matches()) {
            problems.add(where + ": sha256 must be the 64 lowercase hex chars of the key's SHA-256 "
                    + "(genaimon apikey hash KEY prints it); never put the key itself in configuration");
        } else {
            hashes.computeIfAbsent(tenant, t -> new java.util.HashSet<>()).add(sha256);
        }
    }

    private static Map<String, double[]> tenantRates(JsonNode node, String file, List<String> problems) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            problems.add(file + ": " + ConfigKeys.RATE_LIMIT_TENANTS + ": expected a mapping of tenant to "
                    + "{per-second, burst}");
            return Map.of();
        }
        Map<String, double[]> rates = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String where = file + ": " + ConfigKeys.RATE_LIMIT_TENANTS + "." + entry.getKey();
            JsonNode perSecond = entry.getValue().path("per-second");
            JsonNode burst = entry.getValue().path("burst");
            if (!perSecond.isNumber() || perSecond.doubleValue() <= 0 || !burst.canConvertToLong()
                    || !burst.isIntegralNumber() || burst.longValue() <= 0) {
                problems.add(where + ": expected {per-second: a positive number, burst: a positive integer}");
            } else {
                rates.put(entry.getKey(), new double[] {perSecond.doubleValue(), burst.longValue()});
            }
        }
        return Map.copyOf(rates);
    }

    private static Map<String, String> stringMap(JsonNode node, String key, String file, List<String> problems) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            problems.add(file + ": " + key + ": expected a mapping");
            return Map.of();
        }
        Map<String, String> props = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isValueNode()) {
                problems.add(file + ": " + key + "." + entry.getKey() + ": expected a value");
            } else {
                props.put(entry.getKey(), entry.getValue().asText());
            }
        }
        return Map.copyOf(props);
    }
}
