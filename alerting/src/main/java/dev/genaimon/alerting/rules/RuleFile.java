package dev.genaimon.alerting.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live rules: the last good version of a rule file, re-read when the file changes. A bad version is rejected
 * (logged, and kept as {@link #lastError()}) and the previous rules stay active. The alert topology reads
 * {@link #get()} for every record, so a reload applies without restarting it.
 */
public final class RuleFile implements Supplier<RuleSet>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RuleFile.class);
    /** The bundled default rules (a classpath resource). */
    public static final String DEFAULT_RESOURCE = "/dev/genaimon/alerting/default-rules.yaml";

    private final Path path;
    private volatile RuleSet current;
    private volatile RuleValidationException lastError;
    private volatile byte[] lastContent;
    private ScheduledExecutorService watcher;

    private RuleFile(Path path, RuleSet initial, byte[] content) {
        this.path = path;
        this.current = initial;
        this.lastContent = content;
    }

    /**
     * Loads a file; it must be valid.
     *
     * @throws RuleValidationException with the file, line and reason of every problem
     */
    public static RuleFile load(Path path) throws RuleValidationException {
        byte[] content = read(path);
        return new RuleFile(path, RuleParser.parse(new String(content, StandardCharsets.UTF_8),
                path.getFileName().toString()), content);
    }

    /** The bundled default rules; never reloaded. */
    public static RuleFile bundledDefaults() {
        try (InputStream in = RuleFile.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
            }
            byte[] content = in.readAllBytes();
            return new RuleFile(null, RuleParser.parse(new String(content, StandardCharsets.UTF_8),
                    "default-rules.yaml"), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuleValidationException e) {
            throw new IllegalStateException("the bundled default rules are invalid: " + e.getMessage(), e);
        }
    }

    /** A fixed rule set (tests, embedding). */
    public static RuleFile of(RuleSet rules) {
        return new RuleFile(null, rules, new byte[0]);
    }

    @Override
    public RuleSet get() {
        return current;
    }

    /** Why the last reload was rejected, or null when the last reload (or the load) succeeded. */
    public RuleValidationException lastError() {
        return lastError;
    }

    /**
     * Re-reads the file if its content changed. Never throws for a bad file: the previous rules stay.
     *
     * @return true when new rules became active
     */
    public synchronized boolean reload() {
        if (path == null) {
            return false;
        }
        byte[] content;
        try {
            content = read(path);
        } catch (RuleValidationException e) {
            lastContent = null; // whatever comes back next is read again
            reject(e);
            return false;
        }
        if (Arrays.equals(content, lastContent)) {
            return false;
        }
        lastContent = content;
        try {
            RuleSet next = RuleParser.parse(new String(content, StandardCharsets.UTF_8),
                    path.getFileName().toString());
            current = next;
            lastError = null;
            LOG.info("Reloaded alert rules from {}: {} rule(s)", path, next.rules().size());
            return true;
        } catch (RuleValidationException e) {
            reject(e);
            return false;
        }
    }

    private void reject(RuleValidationException e) {
        lastError = e;
        LOG.error("Rejected new alert rules from {}; the previous {} rule(s) stay active. {}", path,
                current.rules().size(), e.getMessage());
    }

    /**
     * Checks the file for changes every {@code interval} on a daemon thread (polling content rather than a
     * {@code WatchService}: it also works on mounted ConfigMaps, where the file is swapped through a symlink).
     */
    public synchronized RuleFile watch(Duration interval) {
        if (path != null && watcher == null) {
            watcher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "genaimon-rule-watcher");
                t.setDaemon(true);
                return t;
            });
            watcher.scheduleWithFixedDelay(this::reload, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return this;
    }

    private static byte[] read(Path path) throws RuleValidationException {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new RuleValidationException(List.of(new RuleError(path.toString(), 0, null, "file not found")));
        } catch (IOException e) {
            throw new RuleValidationException(List.of(new RuleError(path.toString(), 0, null,
                    "cannot read: " + e.getMessage())));
        }
    }

    @Override
    public synchronized void close() {
        if (watcher != null) {
            watcher.shutdownNow();
            watcher = null;
        }
    }
}
