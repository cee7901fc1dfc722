package dev.genaimon.evaluators.drift;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Locates /work/shared/reference files without hard-coding the path. */
final class SharedReference {

    private SharedReference() {
    }

    /**
     * The file under {@code shared/reference}: from system property {@code genaimon.shared.dir}
     * if set, else the first {@code shared/reference} found walking up from the working dir.
     */
    static Optional<Path> find(String fileName) {
        String configured = System.getProperty("genaimon.shared.dir");
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured);
            for (Path candidate : new Path[] {dir.resolve("reference").resolve(fileName), dir.resolve(fileName)}) {
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(candidate);
                }
            }
            return Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("reference").resolve(fileName);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** A file under {@code shared/corpora} (same search as {@link #find}, with {@code corpora} for {@code reference}). */
    static Optional<Path> corpus(String relativePath) {
        String configured = System.getProperty("genaimon.shared.dir");
        if (configured != null && !configured.isBlank()) {
            Path candidate = Path.of(configured).resolve("corpora").resolve(relativePath);
            return Files.isRegularFile(candidate) ? Optional.of(candidate) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("corpora").resolve(relativePath);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
