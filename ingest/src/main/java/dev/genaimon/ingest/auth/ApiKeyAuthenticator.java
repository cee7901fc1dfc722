package dev.genaimon.ingest.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps an API key to its tenant. Only SHA-256 hashes of keys are configured and kept; a presented key is hashed and
 * compared in constant time. With no keys configured (dev mode) every request passes and no tenant is imposed.
 */
public final class ApiKeyAuthenticator {

    /** The request carries no valid key. */
    public static final class Unauthorized extends Exception {
        private static final long serialVersionUID = 1L;

        Unauthorized(String message) {
            super(message);
        }
    }

    private final Map<String, Set<String>> hashesByTenant;

    /** @param hashesByTenant tenant to lowercase hex SHA-256 hashes of its keys */
    public ApiKeyAuthenticator(Map<String, Set<String>> hashesByTenant) {
        this.hashesByTenant = Map.copyOf(hashesByTenant);
    }

    public boolean enabled() {
        return !hashesByTenant.isEmpty();
    }

    /**
     * @param authorization the Authorization header ({@code Bearer <key>}), or null
     * @param apiKeyHeader  the X-Api-Key header, or null
     * @return the tenant of the key; empty in dev mode
     */
    public Optional<String> authenticate(String authorization, String apiKeyHeader) throws Unauthorized {
        if (!enabled()) {
            return Optional.empty();
        }
        String key = apiKeyHeader;
        if (key == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = authorization.substring(7).strip();
        }
        if (key == null || key.isEmpty()) {
            throw new Unauthorized("missing API key: send 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'");
        }
        byte[] presented = HexFormat.of().parseHex(sha256Hex(key));
        String tenant = null;
        for (Map.Entry<String, Set<String>> entry : hashesByTenant.entrySet()) {
            for (String hash : entry.getValue()) {
                // compare every hash, so the time taken does not tell which tenant matched
                if (MessageDigest.isEqual(presented, HexFormat.of().parseHex(hash))) {
                    tenant = entry.getKey();
                }
            }
        }
        if (tenant == null) {
            throw new Unauthorized("invalid API key");
        }
        return Optional.of(tenant);
    }

    /** Lowercase hex SHA-256 of a key: what goes into the configuration instead of the key. */
    public static String sha256Hex(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
