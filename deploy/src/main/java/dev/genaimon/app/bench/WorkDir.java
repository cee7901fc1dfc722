package dev.genaimon.app.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temporary work directory of a benchmark or a test JVM (embedded broker logs, state stores, child configs),
 * deleted when the run ends, also on Ctrl-C. A 50,000-event ingest bench writes ~1 GB of broker logs; left behind, a few dozen runs filled
 * a 250 GB disk (found 2026-11-24, when the broker of the next run failed to append and the JVM aborted). {@link
 * #keep()} leaves it for inspection (a failed fault run's child logs).
 */
public final class WorkDir implements AutoCloseable {

    private final Path path;
    private final Thread onExit;
    private volatile boolean keep;

    private WorkDir(Path path) {
        this.path = path;
        this.onExit = new Thread(this::delete, "genaimon-workdir-cleanup");
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    public static WorkDir create(String prefix) throws IOException {
        return new WorkDir(Files.createTempDirectory(prefix));
    }

    public Path path() {
        return path;
    }

    /** Leaves the directory in place when the run ends. */
    void keep() {
        keep = true;
    }

    /** Undoes {@link #keep()}: the directory is deleted when the run ends. */
    void release() {
        keep = false;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        delete();
    }

    private void delete() {
        if (keep || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // a file still held open (a broker segment on some platforms): the rest is deleted
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete the work directory " + path + ": " + e.getMessage());
        }
    }
}
