package dev.genaimon.app.bench;

import dev.genaimon.app.broker.EmbeddedKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One genaimon processor as a separate JVM: {@code java -cp <this JVM's class path> dev.genaimon.app.Main run
 * --config <file> --components <stages> --port <free port>}, its output appended to a log file. It can be stopped
 * gracefully (SIGTERM: the runtime's shutdown hook closes every stage) or killed with {@code destroyForcibly()}
 * (SIGKILL: no hook, no commit, open transactions left to be fenced or aborted) and started again on the same data
 * directory. Only processes started here are ever stopped, by their handle; a JVM shutdown hook kills whatever is
 * still alive when this JVM exits.
 */
public final class ChildInstance implements AutoCloseable {

    private static final Set<Process> ALIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ALIVE.forEach(Process::destroyForcibly),
                "genaimon-child-cleanup"));
    }

    /**
     * What to launch.
     *
     * @param name       label, used in the log file name
     * @param configFile YAML configuration of the child (bootstrap servers, data directory, stages' settings)
     * @param components value of {@code run --components}
     * @param heap       {@code -Xmx} of the child, e.g. {@code 512m}
     * @param logFile    where the child's stdout and stderr go (appended across restarts)
     */
    public record Spec(String name, Path configFile, List<String> components, String heap, Path logFile) {
    }

    private final Spec spec;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private int port;
    private int starts;
    private int failedStarts;

    public ChildInstance(Spec spec) {
        this.spec = spec;
    }

    /** Starts the JVM (it must not be running) and returns at once; see {@link #awaitReady(Duration)}. */
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(spec.name() + " is already running");
        }
        port = EmbeddedKafka.freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + spec.heap());
        command.add("-XX:+UseSerialGC");
        command.add("-Dai.djl.offline=true");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.genaimon.app.Main");
        command.add("run");
        command.add("--config");
        command.add(spec.configFile().toString());
        command.add("--components");
        command.add(String.join(",", spec.components()));
        command.add("--port");
        command.add(Integer.toString(port));
        Files.createDirectories(spec.logFile().toAbsolutePath().getParent());
        Files.writeString(spec.logFile(), "=== start " + (++starts) + " of " + spec.name() + " on port " + port + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()));
        builder.environment().put("OPT_OUT_TRACKING", "true");
        builder.environment().put("DJL_OFFLINE", "true");
        builder.environment().remove("GENAIMON_CONFIG");
        process = builder.start();
        ALIVE.add(process);
    }

    /** Until {@code /readyz} answers 200 (topics exist, every stage RUNNING); fails if the JVM exits first. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                .timeout(Duration.ofSeconds(3)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(spec.name() + " exited with " + process.exitValue()
                        + " before it was ready; see " + spec.logFile());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // the HTTP server starts after the stages; keep asking
            }
            // polling a child process's HTTP endpoint: there is no event to wait on
            process.waitFor(250, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException(spec.name() + " not ready within " + timeout + "; see " + spec.logFile());
    }

    /**
     * Starts the JVM and waits until it is ready; if it exits before (e.g. {@code genaimon run} gives up on a broker
     * that does not answer within its start-up timeout on an overloaded machine), starts it again, as a supervisor
     * would, up to {@code attempts} times. {@link #failedStarts()} counts those exits.
     */
    public void startUntilReady(Duration timeout, int attempts) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            start();
            try {
                awaitReady(timeout);
                return;
            } catch (IllegalStateException e) {
                if (isAlive() || attempt >= attempts) {
                    throw e;
                }
                failedStarts++;
            }
        }
    }

    /** Times the JVM exited on its own before it was ready (and was started again). */
    public int failedStarts() {
        return failedStarts;
    }

    /** kill -9: no shutdown hook runs, nothing is flushed or committed. Waits until the process is gone. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            ALIVE.remove(process);
        }
    }

    /** SIGTERM and wait (the runtime closes its stages); kill -9 if it has not exited within the timeout. */
    public synchronized void stop(Duration timeout) throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        ALIVE.remove(process);
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Operating-system process id of the current JVM, or -1 before the first start. */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public int port() {
        return port;
    }

    public Spec spec() {
        return spec;
    }

    /** Stops the child gracefully (30 s) and kills it if it does not exit. */
    @Override
    public void close() {
        try {
            stop(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }
}
