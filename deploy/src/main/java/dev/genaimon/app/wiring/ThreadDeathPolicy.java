package dev.genaimon.app.wiring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * What a stage does when one of its stream threads dies. Bad records never get here (dead-letter handlers), so a death
 * is either a transient transaction or broker failure or a real fault.
 *
 * <p>Why not always shut the stage down: under load a broker can time out, fence a producer or abort a transaction
 * ({@code InvalidTxnStateException} was seen when a loaded drift thread's commit raced its fencing); with exactly-once
 * the aborted work is redone by whoever gets the task, so replacing the thread is safe, while shutting the stage down
 * leaves it dead until someone restarts the process. A thread is replaced at most {@code maxReplacements} times per
 * {@code window}; more deaths than that, or any other cause, still stop the stage loudly (architecture: a broken
 * producer or broker fails loudly, and /readyz reports it).
 */
final class ThreadDeathPolicy {

    private final int maxReplacements;
    private final Duration window;
    private final Clock clock;
    private final Deque<Instant> replacements = new ArrayDeque<>();

    ThreadDeathPolicy(int maxReplacements, Duration window, Clock clock) {
        this.maxReplacements = maxReplacements;
        this.window = window;
        this.clock = clock;
    }

    static ThreadDeathPolicy defaults() {
        return new ThreadDeathPolicy(5, Duration.ofMinutes(10), Clock.systemUTC());
    }

    synchronized StreamThreadExceptionResponse decide(Throwable death) {
        if (transientCause(death) == null) {
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        Instant now = clock.instant();
        while (!replacements.isEmpty() && replacements.peekFirst().isBefore(now.minus(window))) {
            replacements.removeFirst();
        }
        if (replacements.size() >= maxReplacements) {
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replacements.addLast(now);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** The transient Kafka failure in the cause chain, or null. */
    static Throwable transientCause(Throwable death) {
        for (Throwable t = death; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RetriableException || t instanceof InvalidTxnStateException
                    || t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException
                    || t instanceof TransactionAbortedException) {
                return t;
            }
        }
        return null;
    }
}
