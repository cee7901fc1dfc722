package dev.genaimon.evaluators.safety.harm;

/** Harm categories of the Azure AI Content Safety taxonomy; the JSON name is {@link #jsonName()}. */
public enum HarmCategory {
    HATE, SEXUAL, VIOLENCE, SELF_HARM;

    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
