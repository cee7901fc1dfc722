package dev.genaimon.ingest.otlp;

import java.util.Locale;
import java.util.Optional;

/** The two OTLP/HTTP encodings; a response is always written in the encoding of its request. */
public enum OtlpEncoding {
    PROTOBUF("application/x-protobuf"),
    JSON("application/json");

    private final String mediaType;

    OtlpEncoding(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The encoding of a Content-Type header (parameters such as charset ignored), or empty when not OTLP. */
    public static Optional<OtlpEncoding> of(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip()
                .toLowerCase(Locale.ROOT);
        return switch (type) {
            // application/protobuf is what some clients send; same bytes
            case "application/x-protobuf", "application/protobuf" -> Optional.of(PROTOBUF);
            case "application/json" -> Optional.of(JSON);
            default -> Optional.empty();
        };
    }
}
