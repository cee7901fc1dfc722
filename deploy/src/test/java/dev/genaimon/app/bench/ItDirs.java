package dev.genaimon.app.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Work directories of the fault tests under {@code target/}, so the child JVMs' logs outlive a failed run. */
final class ItDirs {

    private ItDirs() {
    }

    static Path fresh(Class<?> test) {
        try {
            Path base = Files.createDirectories(Path.of("target", "fault-tests"));
            return Files.createTempDirectory(base, test.getSimpleName() + "-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
