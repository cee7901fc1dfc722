package dev.genaimon.evaluators.drift;

import java.util.List;

/**
 * Reference and current proportions over the same bins (reference deciles for numeric
 * features, categories for categorical ones); what the HTML report draws.
 *
 * @param labels    one label per bin
 * @param reference reference proportions, same order as labels
 * @param current   current proportions, same order as labels
 */
public record Histogram(List<String> labels, List<Double> reference, List<Double> current) {

    public Histogram {
        labels = List.copyOf(labels);
        reference = List.copyOf(reference);
        current = List.copyOf(current);
        if (labels.size() != reference.size() || labels.size() != current.size()) {
            throw new IllegalArgumentException("labels, reference and current must have the same size");
        }
    }
}
