package dev.genaimon.evaluators.safety.pii;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Replaces entity spans with typed placeholders, per entity type: {@link RedactionMode#MASK} gives
 * {@code <EMAIL_ADDRESS>}, {@link RedactionMode#HASH} gives {@code <EMAIL_ADDRESS:3f2a...>} (salted SHA-256, so
 * the same address joins across records without being readable), {@link RedactionMode#KEEP} leaves it. Thread-safe.
 */
public final class Redactor {

    private static final HexFormat HEX = HexFormat.of();
    private static final int HASH_HEX_CHARS = 12;

    private final Map<String, RedactionMode> modes;
    private final RedactionMode defaultMode;
    private final byte[] salt;

    /**
     * @param modes       mode per entity type; types not listed use {@code defaultMode}
     * @param defaultMode mode for unlisted types
     * @param salt        secret salt for HASH mode; keep it stable to keep hashes stable
     */
    public Redactor(Map<String, RedactionMode> modes, RedactionMode defaultMode, String salt) {
        this.modes = Map.copyOf(modes);
        this.defaultMode = Objects.requireNonNull(defaultMode, "defaultMode");
        this.salt = Objects.requireNonNull(salt, "salt").getBytes(StandardCharsets.UTF_8);
    }

    /** Masks every type. */
    public static Redactor maskAll() {
        return new Redactor(Map.of(), RedactionMode.MASK, "");
    }

    /**
     * @param entities non-overlapping spans sorted by start, as returned by {@link PiiDetector#detect}
     */
    public String redact(String text, List<PiiEntity> entities) {
        if (entities.isEmpty()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        int pos = 0;
        for (PiiEntity e : entities) {
            if (e.start() < pos || e.end() > text.length()) {
                continue; // overlapping or stale span: never corrupt the text
            }
            RedactionMode mode = modes.getOrDefault(e.type(), defaultMode);
            sb.append(text, pos, e.start());
            switch (mode) {
                case KEEP -> sb.append(text, e.start(), e.end());
                case MASK -> sb.append('<').append(e.type()).append('>');
                case HASH -> sb.append('<').append(e.type()).append(':')
                        .append(hash(text.substring(e.start(), e.end()))).append('>');
            }
            pos = e.end();
        }
        sb.append(text, pos, text.length());
        return sb.toString();
    }

    String hash(String value) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            byte[] digest = sha.digest(value.getBytes(StandardCharsets.UTF_8));
            return HEX.formatHex(digest).substring(0, HASH_HEX_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
