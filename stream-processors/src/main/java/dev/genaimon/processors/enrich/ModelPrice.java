package dev.genaimon.processors.enrich;

/**
 * Price of a model in US dollars per million tokens.
 *
 * @param inputPerMillion  input (prompt) tokens
 * @param outputPerMillion output (completion) tokens
 */
public record ModelPrice(double inputPerMillion, double outputPerMillion) {

    public ModelPrice {
        if (inputPerMillion < 0 || outputPerMillion < 0) {
            throw new IllegalArgumentException("prices must not be negative");
        }
    }

    public double cost(long inputTokens, long outputTokens) {
        return (inputTokens * inputPerMillion + outputTokens * outputPerMillion) / 1_000_000.0;
    }
}
