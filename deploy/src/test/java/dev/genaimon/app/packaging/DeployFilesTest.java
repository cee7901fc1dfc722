package dev.genaimon.app.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Static checks of everything under deploy/ and .github/workflows/ that no Java code exercises: the Dockerfile, the
 * compose stack, the Helm chart, Prometheus/Grafana provisioning and the CI workflows. No Docker, Helm or cluster is
 * needed; see deploy/helm/genaimon/README.md for how templates are checked without a Helm binary.
 */
class DeployFilesTest {

    private static final Set<String> DOCKERFILE_INSTRUCTIONS = Set.of("FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV",
            "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK",
            "SHELL", "MAINTAINER");

    private final Path root = DeployFiles.repositoryRoot();
    private final Path chart = root.resolve("deploy/helm/genaimon");

    @Test
    void dockerfileShouldParseAndRunPinnedNonRootWithAHealthCheck() throws IOException {
        List<String[]> instructions = dockerInstructions(root.resolve("deploy/docker/Dockerfile"));
        List<String> froms = new ArrayList<>();
        String lastUser = null;
        boolean healthcheck = false;
        String entrypoint = null;
        String env = "";
        for (String[] instruction : instructions) {
            assertThat(DOCKERFILE_INSTRUCTIONS).as("instruction %s", instruction[0]).contains(instruction[0]);
            switch (instruction[0]) {
                case "FROM" -> {
                    froms.add(instruction[1].split("\\s+")[0]);
                    lastUser = null;
                    healthcheck = false;
                }
                case "USER" -> lastUser = instruction[1].strip();
                case "HEALTHCHECK" -> healthcheck = instruction[1].contains("/healthz");
                case "ENTRYPOINT" -> entrypoint = instruction[1];
                case "ENV" -> env += instruction[1];
                case "COPY" -> {
                    if (!instruction[1].startsWith("--from")) {
                        String[] parts = instruction[1].strip().split("\\s+");
                        for (int i = 0; i < parts.length - 1; i++) {
                            assertThat(root.resolve(parts[i])).as("COPY source %s", parts[i]).exists();
                        }
                    }
                }
                default -> { }
            }
        }
        assertThat(froms).hasSize(2).allSatisfy(image -> assertThat(DeployFiles.pinned(image))
                .as("FROM %s pins a version", image).isTrue());
        assertThat(lastUser).as("the run stage's USER").isNotNull().isNotIn("root", "0", "0:0");
        assertThat(healthcheck).as("HEALTHCHECK on /healthz in the run stage").isTrue();
        assertThat(entrypoint).contains("genaimon");
        assertThat(env).contains("-XX:MaxRAMPercentage=").contains("-XX:+ExitOnOutOfMemoryError");
        assertThat(Files.readString(root.resolve(".dockerignore"))).contains("**/target").contains(".git");
    }

    @Test
    void composeStackShouldBeValidPinnedAndPointAtFilesThatExist(@TempDir Path tmp) throws IOException {
        Path compose = root.resolve("deploy/compose/compose.yaml");
        Map<String, Object> file = single(DeployFiles.yamlDocuments(compose));
        Map<String, Object> services = map(file.get("services"));
        assertThat(services).containsKeys("kafka", "genaimon", "eval-worker", "prometheus", "grafana");
        services.forEach((name, value) -> {
            Map<String, Object> service = map(value);
            String image = (String) service.get("image");
            assertThat(image).as("image of %s", name).isNotNull().doesNotContain("latest");
            if (!service.containsKey("build")) {
                assertThat(DeployFiles.pinned(image)).as("%s: %s pins a version", name, image).isTrue();
            }
            for (Object volume : list(service.getOrDefault("volumes", List.of()))) {
                String source = volume.toString().split(":")[0];
                if (source.startsWith(".")) {
                    assertThat(compose.getParent().resolve(source).normalize()).as("%s mounts %s", name, source)
                            .exists();
                }
            }
        });
        assertThat(map(services.get("kafka")).get("image").toString()).startsWith("apache/kafka:");
        assertThat(list(map(services.get("genaimon")).get("command"))).containsExactly("run");
        assertThat(list(map(services.get("eval-worker")).get("command"))).containsExactly("eval-worker");
        assertThat(map(map(services.get("eval-worker")).get("environment")))
                .as("the merge key brings the shared environment").containsKey("GENAIMON_KAFKA_BOOTSTRAP_SERVERS");

        // genaimon itself accepts the configuration file compose mounts
        GenaimonConfig config = GenaimonConfig.load(compose.getParent().resolve("genaimon.yaml"), Map.of(),
                new Properties(), Map.of());
        assertThat(config.get(ConfigKeys.ROCKSDB_BLOCK_CACHE)).isEqualTo(64L << 20);

        Map<String, Object> prometheus = single(DeployFiles.yamlDocuments(root.resolve("deploy/prometheus/prometheus.yml")));
        assertThat(list(prometheus.get("scrape_configs"))).isNotEmpty();
        for (String provisioning : List.of("datasources/prometheus.yaml", "dashboards/genaimon.yaml")) {
            Map<String, Object> doc = single(DeployFiles.yamlDocuments(
                    root.resolve("deploy/grafana/provisioning").resolve(provisioning)));
            assertThat(doc.get("apiVersion")).as(provisioning).isEqualTo(1);
        }
    }

    @Test
    void chartTemplatesShouldBeYamlWithProbesResourcesAndKnownValues() throws IOException {
        Map<String, Object> values = single(DeployFiles.yamlDocuments(chart.resolve("values.yaml")));
        Map<String, Object> chartYaml = single(DeployFiles.yamlDocuments(chart.resolve("Chart.yaml")));
        assertThat(chartYaml).containsEntry("apiVersion", "v2").containsEntry("name", "genaimon").containsKey("version");

        List<String> kinds = new ArrayList<>();
        try (Stream<Path> files = Files.list(chart.resolve("templates"))) {
            for (Path template : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                String text = Files.readString(template, StandardCharsets.UTF_8);
                for (String path : DeployFiles.valuePaths(text)) {
                    assertThat(DeployFiles.at(values, path)).as("%s uses .Values.%s", template.getFileName(), path)
                            .isNotEqualTo(DeployFiles.Missing.VALUE);
                }
                List<Object> documents = DeployFiles.yamlDocuments(DeployFiles.stripTemplate(text));
                assertThat(documents).as(template.getFileName().toString()).isNotEmpty();
                for (Object document : documents) {
                    Map<String, Object> manifest = map(document);
                    assertThat(manifest).as(template.getFileName().toString())
                            .containsKeys("apiVersion", "kind", "metadata");
                    String kind = (String) manifest.get("kind");
                    kinds.add(kind);
                    if (kind.equals("Deployment") || kind.equals("StatefulSet")) {
                        checkWorkload(template.getFileName().toString(), manifest);
                    }
                }
            }
        }
        assertThat(kinds).contains("Deployment", "StatefulSet", "PodDisruptionBudget", "ConfigMap", "Secret",
                "Service", "ServiceMonitor", "Job", "ServiceAccount");
        assertThat(kinds.stream().filter("StatefulSet"::equals)).hasSize(2);
        assertThat(kinds.stream().filter("Deployment"::equals)).hasSize(2);
    }

    @SuppressWarnings("unchecked")
    private static void checkWorkload(String file, Map<String, Object> manifest) {
        Map<String, Object> pod = map(DeployFiles.at(manifest, "spec.template.spec"));
        assertThat(pod).as(file).containsKey("securityContext");
        Map<String, Object> container = map(list(pod.get("containers")).get(0));
        assertThat(container).as(file).containsKeys("image", "args", "readinessProbe", "livenessProbe", "resources",
                "securityContext");
        assertThat(DeployFiles.at(container, "readinessProbe.httpGet")).as(file).isNotNull();
        assertThat(DeployFiles.at(container, "livenessProbe.httpGet")).as(file).isNotNull();
        List<Object> mounts = list(container.get("volumeMounts"));
        assertThat(mounts.stream().map(m -> ((Map<String, Object>) m).get("mountPath")))
                .as("%s: a writable data directory under the read-only root", file).contains("/var/lib/genaimon");
        if (manifest.get("kind").equals("StatefulSet")) {
            assertThat(DeployFiles.at(manifest, "spec.volumeClaimTemplates")).as(file).isInstanceOf(List.class);
        }
    }

    @Test
    void chartValuesShouldPinImagesKeepStandbysAndHoldAValidGenaimonConfig(@TempDir Path tmp) throws IOException {
        Map<String, Object> values = single(DeployFiles.yamlDocuments(chart.resolve("values.yaml")));
        assertThat(DeployFiles.isVersionTag(String.valueOf(DeployFiles.at(values, "image.tag")))).isTrue();
        assertThat(DeployFiles.isVersionTag(String.valueOf(DeployFiles.at(values, "reset.image.tag")))).isTrue();
        assertThat(DeployFiles.at(values, "reset.enabled")).isEqualTo(false);
        for (String component : List.of("ingest", "processors", "alerting", "evalWorker")) {
            assertThat(DeployFiles.at(values, component + ".resources.limits.memory")).as(component)
                    .isInstanceOf(String.class);
            assertThat(DeployFiles.at(values, component + ".pdb")).as(component).isInstanceOf(Map.class);
        }
        assertThat(DeployFiles.at(values, "probes.readiness.path")).isEqualTo("/readyz");
        assertThat(DeployFiles.at(values, "probes.liveness.path")).isEqualTo("/healthz");

        // the ConfigMap's genaimon.yaml is values.config: genaimon must accept it as its configuration file
        Path config = tmp.resolve("genaimon.yaml");
        Files.writeString(config, new Yaml().dump(values.get("config")));
        GenaimonConfig loaded = GenaimonConfig.load(config, Map.of(), new Properties(), Map.of());
        assertThat(loaded.get(ConfigKeys.STANDBY_REPLICAS)).isGreaterThanOrEqualTo(1);
        assertThat(loaded.get(ConfigKeys.TOPIC_REPLICATION)).isEqualTo(3);
        assertThat(loaded.kafkaProperties()).containsEntry("config.providers", "dir");
    }

    @Test
    void workflowsShouldBeValidAndPinEveryAction() throws IOException {
        Path workflows = root.resolve(".github/workflows");
        Pattern uses = Pattern.compile("uses:\\s*([^\\s#]+)");
        for (String name : List.of("ci.yml", "eval-gate.yml", "release.yml")) {
            Path file = workflows.resolve(name);
            Map<String, Object> workflow = single(DeployFiles.yamlDocuments(file));
            assertThat(workflow).as(name).containsKeys("name", "jobs");
            String text = Files.readString(file);
            Matcher matcher = uses.matcher(text);
            int actions = 0;
            while (matcher.find()) {
                actions++;
                String action = matcher.group(1);
                assertThat(action).as("%s: %s", name, action).matches(".+@(v\\d+\\.\\d+\\.\\d+|[0-9a-f]{40})");
            }
            assertThat(actions).as(name).isPositive();
        }
        assertThat(Files.readString(workflows.resolve("ci.yml"))).contains("bash .ci/run");
        assertThat(Files.readString(workflows.resolve("eval-gate.yml"))).contains("pull_request")
                .contains("eval run --in docs/examples/eval-dataset.jsonl").contains("--gate").contains("--summary");
        assertThat(Files.readString(workflows.resolve("release.yml"))).contains("ghcr.io").contains("tags");
    }

    @Test
    void aclScriptShouldGrantPrefixedAclsPerApplicationIdAndKeepTheRawTopicToItsTwoUsers() throws Exception {
        Process process = new ProcessBuilder("bash", root.resolve("deploy/scripts/print-acls.sh").toString(),
                "--bootstrap", "kafka:9093", "--app-prefix", "gm-v2", "--processors", "User:proc")
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(out).isZero();
        for (String stage : List.of("enrich", "drift", "ops")) {
            assertThat(out).contains("--allow-principal User:proc --operation All --resource-pattern-type prefixed"
                            + " --topic gm-v2-" + stage + "-")
                    .contains("--allow-principal User:proc --operation Read --resource-pattern-type prefixed --group gm-v2-"
                            + stage)
                    .contains("--operation Write --operation Describe --resource-pattern-type prefixed"
                            + " --transactional-id gm-v2-" + stage);
        }
        List<String> rawGrants = out.lines().filter(l -> l.endsWith("--topic genaimon.interactions.raw.v1")).toList();
        assertThat(rawGrants).hasSize(2).anySatisfy(l -> assertThat(l).contains("User:genaimon-ingest --operation Write"))
                .anySatisfy(l -> assertThat(l).contains("User:proc --operation Read"));

        Process bad = new ProcessBuilder("bash", root.resolve("deploy/scripts/print-acls.sh").toString(),
                "--ingest", "genaimon").redirectErrorStream(true).start();
        assertThat(new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("must look like User:name");
        assertThat(bad.waitFor()).isEqualTo(2);
    }

    @Test
    void stripShouldKeepYamlAndCatchDuplicateKeys() {
        String template = """
                {{- if .Values.x.enabled }}
                {{/* a comment */}}
                kind: Service
                metadata:
                  name: {{ include "n" . }}-svc
                  labels:
                    {{- include "l" . | nindent 4 }}
                {{- end }}
                """;
        assertThat(DeployFiles.stripTemplate(template)).isEqualTo("kind: Service\nmetadata:\n  name: TEMPLATED-svc\n"
                + "  labels:\n\n");
        assertThat(DeployFiles.valuePaths(template)).containsExactly("x.enabled");
        assertThatThrownBy(() -> DeployFiles.yamlDocuments("a: 1\na: 2\n")).hasMessageContaining("duplicate key");
        assertThat(DeployFiles.pinned("eclipse-temurin:17-jre")).isFalse();
        assertThat(DeployFiles.pinned("apache/kafka:latest")).isFalse();
        assertThat(DeployFiles.pinned("localhost:5000/genaimon")).isFalse();
        assertThat(DeployFiles.pinned("eclipse-temurin:17.0.16_8-jre")).isTrue();
    }

    private static List<String[]> dockerInstructions(Path dockerfile) throws IOException {
        List<String[]> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(dockerfile, StandardCharsets.UTF_8)) {
            String trimmed = line.strip();
            if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.startsWith("#")) {
                continue; // comment lines inside a continued instruction
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String[] parts = current.toString().split("\\s+", 2);
            instructions.add(new String[] {parts[0], parts.length > 1 ? parts[1] : ""});
            current.setLength(0);
        }
        assertThat(current.toString()).as("a continued instruction at the end of the file").isEmpty();
        return instructions;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        assertThat(node).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object node) {
        assertThat(node).isInstanceOf(List.class);
        return (List<Object>) node;
    }

    private static Map<String, Object> single(List<Object> documents) {
        assertThat(documents).hasSize(1);
        return map(documents.get(0));
    }
}
