package dev.genaimon.evaluators.safety.harm;

/**
 * Severity per category on the Azure AI Content Safety scale: 0 safe, 2 low, 4 medium, 6 high.
 */
public record HarmResult(int hate, int sexual, int violence, int selfHarm) {

    public static final HarmResult NONE = new HarmResult(0, 0, 0, 0);

    public HarmResult {
        check(hate);
        check(sexual);
        check(violence);
        check(selfHarm);
    }

    private static void check(int s) {
        if (s != 0 && s != 2 && s != 4 && s != 6) {
            throw new IllegalArgumentException("severity must be 0, 2, 4 or 6: " + s);
        }
    }

    public int severity(HarmCategory c) {
        return switch (c) {
            case HATE -> hate;
            case SEXUAL -> sexual;
            case VIOLENCE -> violence;
            case SELF_HARM -> selfHarm;
        };
    }

    public int max() {
        return Math.max(Math.max(hate, sexual), Math.max(violence, selfHarm));
    }
}
