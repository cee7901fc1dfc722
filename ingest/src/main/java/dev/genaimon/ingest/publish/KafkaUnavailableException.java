package dev.genaimon.ingest.publish;

/** Kafka did not take the records in time (broker down, buffer full): the caller should retry later. */
public final class KafkaUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
