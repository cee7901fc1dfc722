package dev.genaimon.schemas.registry;

/** The registry refused a request or could not be reached. */
public final class SchemaRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public SchemaRegistryException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** HTTP status of the registry's answer, or -1 when it could not be reached. */
    public int status() {
        return status;
    }

    /** True when the registry does not know the schema or subject (HTTP 404). */
    public boolean notFound() {
        return status == 404;
    }
}
