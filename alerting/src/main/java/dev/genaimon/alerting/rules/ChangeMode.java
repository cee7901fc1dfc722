package dev.genaimon.alerting.rules;

/** How a rate-of-change rule compares a window with the previous one. */
public enum ChangeMode {
    /** value / previous. */
    RATIO,
    /** value - previous. */
    DELTA,
    /** (value - previous) / previous. */
    RELATIVE;

    /** @return the change, or NaN when undefined (division by zero) */
    public double apply(double previous, double value) {
        return switch (this) {
            case RATIO -> previous == 0 ? Double.NaN : value / previous;
            case DELTA -> value - previous;
            case RELATIVE -> previous == 0 ? Double.NaN : (value - previous) / previous;
        };
    }
}
