package dev.genaimon.ingest.http;

/** Whether this process can serve: broker reachable, topics present, (later) streams running. */
@FunctionalInterface
public interface Readiness {

    /** @return null when ready, else the reason it is not */
    String notReadyReason();
}
