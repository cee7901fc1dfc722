package dev.genaimon.ingest.azuremonitor;

/** A row that cannot become an interaction; the message names the field, the column and the value. */
final class RowMappingException extends Exception {

    private static final long serialVersionUID = 1L;

    RowMappingException(String message) {
        super(message);
    }
}
