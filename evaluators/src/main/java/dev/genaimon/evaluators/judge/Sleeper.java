package dev.genaimon.evaluators.judge;

import java.time.Duration;

/** Waits between retries; a seam so tests can see the waits the judge asked for. */
@FunctionalInterface
public interface Sleeper {

    Sleeper THREAD = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
