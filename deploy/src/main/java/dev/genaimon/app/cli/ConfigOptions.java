package dev.genaimon.app.cli;

import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --config} and {@code --data-dir}, shared by every command that talks to Kafka. */
final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML configuration file (default: $GENAIMON_CONFIG if set; else built-in defaults).")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory of the embedded broker (default: ./genaimon-data).")
    Path dataDir;

    GenaimonConfig load(Map<String, String> moreOverrides) {
        Path file = config;
        if (file == null && System.getenv("GENAIMON_CONFIG") != null) {
            file = Path.of(System.getenv("GENAIMON_CONFIG"));
        }
        Map<String, String> overrides = new HashMap<>(moreOverrides);
        if (dataDir != null) {
            overrides.put(ConfigKeys.DATA_DIR.name(), dataDir.toString());
        }
        return GenaimonConfig.load(file, System.getenv(), System.getProperties(), overrides);
    }

    GenaimonConfig load() {
        return load(Map.of());
    }
}
