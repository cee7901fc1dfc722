package dev.genaimon.processors.segment;

import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.Segment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which dimensions make a segment (configuration) and the segment of an interaction. Dimensions: {@code tenant},
 * {@code app}, {@code model} (the deployment when given, else the model name), {@code prompt} (template id and
 * version), {@code environment}. The segment id joins the values in the configured order with {@code /}.
 */
public final class Segments {

    public static final List<String> DEFAULT_DIMENSIONS = List.of("tenant", "app", "model", "prompt");
    static final Set<String> KNOWN = Set.of("tenant", "app", "model", "prompt", "environment");

    private final List<String> dimensions;

    public Segments(List<String> dimensions) {
        for (String dimension : dimensions) {
            if (!KNOWN.contains(dimension)) {
                throw new IllegalArgumentException("unknown segment dimension '" + dimension + "'; use " + KNOWN);
            }
        }
        if (dimensions.isEmpty()) {
            throw new IllegalArgumentException("a segment needs at least one dimension");
        }
        this.dimensions = List.copyOf(dimensions);
    }

    public static Segments defaults() {
        return new Segments(DEFAULT_DIMENSIONS);
    }

    public Segment of(Interaction interaction) {
        Map<String, String> labels = new LinkedHashMap<>();
        StringBuilder id = new StringBuilder();
        for (String dimension : dimensions) {
            String value = value(interaction, dimension);
            labels.put(dimension, value);
            if (id.length() > 0) {
                id.append('/');
            }
            id.append(value);
        }
        return new Segment(id.toString(), labels);
    }

    private static String value(Interaction interaction, String dimension) {
        switch (dimension) {
            case "tenant":
                return interaction.getTenant();
            case "app":
                return interaction.getApp();
            case "model":
                String deployment = interaction.getModel().getDeployment();
                return deployment != null && !deployment.isBlank() ? deployment : interaction.getModel().getModel();
            case "prompt":
                return interaction.getPromptTemplate() == null ? "-"
                        : interaction.getPromptTemplate().getId() + ":" + interaction.getPromptTemplate().getVersion();
            default:
                return interaction.getEnvironment() == null ? "-" : interaction.getEnvironment();
        }
    }
}
