package dev.genaimon.app.wiring;

import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import dev.genaimon.evaluators.safety.pii.PiiDetector;
import dev.genaimon.evaluators.safety.pii.PiiEntity;
import dev.genaimon.evaluators.safety.pii.RedactionMode;
import dev.genaimon.evaluators.safety.pii.Redactor;
import dev.genaimon.ingest.edge.EdgePolicy;
import dev.genaimon.ingest.edge.EdgeTransform;
import dev.genaimon.schemas.avro.ContextDocument;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.Message;
import dev.genaimon.schemas.avro.RedactionInfo;
import dev.genaimon.schemas.avro.ToolCall;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Edge redaction ({@code ingest.redaction: edge}): the enrich stage's PII detector and redactor, run by ingest on
 * every text of an interaction (system prompt, messages, response, context documents, tool arguments and outputs,
 * ground truth, error message, attribute values) before the record reaches Kafka. The count goes to
 * {@code redaction.piiRedacted} with {@code atEdge: true}.
 */
final class EdgeRedaction implements EdgeTransform {

    private final PiiDetector pii;
    private final Redactor redactor;

    EdgeRedaction(PiiDetector pii, Redactor redactor) {
        this.pii = pii;
        this.redactor = redactor;
    }

    /** The edge policy of the configuration; {@link EdgeTransform#NONE} when nothing is configured. */
    static EdgeTransform fromConfig(GenaimonConfig config) {
        String mode = config.get(ConfigKeys.INGEST_REDACTION); // off or edge, checked by the key
        Set<String> metadataOnly = tenants(config.get(ConfigKeys.INGEST_METADATA_ONLY_TENANTS));
        Set<String> redactTenants = tenants(config.get(ConfigKeys.INGEST_REDACTION_EDGE_TENANTS));
        boolean redactAll = mode.equals("edge");
        EdgeTransform redactor = redactAll || !redactTenants.isEmpty() ? create(config) : null;
        EdgePolicy policy = new EdgePolicy(metadataOnly, redactAll, redactTenants, redactor);
        return policy.inactive() ? EdgeTransform.NONE : policy;
    }

    /** With enrich's redaction modes and salt ({@code enrich.redaction}, {@code enrich.redaction-salt}). */
    static EdgeRedaction create(GenaimonConfig config) {
        Map<String, RedactionMode> modes = new HashMap<>();
        config.redactionModes().forEach((type, mode) ->
                modes.put(type, RedactionMode.valueOf(mode.toUpperCase(Locale.ROOT))));
        return new EdgeRedaction(PiiDetector.createDefault(),
                new Redactor(modes, RedactionMode.MASK, config.get(ConfigKeys.REDACTION_SALT)));
    }

    private static Set<String> tenants(String list) {
        return list.isBlank() ? Set.of() : Set.of(list.strip().split("\\s*,\\s*"));
    }

    @Override
    public Interaction apply(Interaction in) {
        int[] count = {0};
        in.setSystemPrompt(redact(in.getSystemPrompt(), count));
        if (in.getMessages() != null) {
            for (Message message : in.getMessages()) {
                message.setContent(redact(message.getContent(), count));
            }
        }
        in.setResponse(redact(in.getResponse(), count));
        if (in.getContext() != null) {
            for (ContextDocument document : in.getContext()) {
                document.setContent(redact(document.getContent(), count));
            }
        }
        if (in.getToolCalls() != null) {
            for (ToolCall tool : in.getToolCalls()) {
                tool.setArguments(redact(tool.getArguments(), count));
                tool.setOutput(redact(tool.getOutput(), count));
            }
        }
        in.setGroundTruth(redact(in.getGroundTruth(), count));
        if (in.getStatus() != null) {
            in.getStatus().setMessage(redact(in.getStatus().getMessage(), count));
        }
        if (in.getAttributes() != null) {
            in.getAttributes().replaceAll((key, value) -> redact(value, count));
        }
        in.setRedaction(new RedactionInfo(count[0], true, true));
        return in;
    }

    private String redact(String text, int[] count) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        List<PiiEntity> entities = pii.detect(text);
        if (entities.isEmpty()) {
            return text;
        }
        count[0] += entities.size();
        return redactor.redact(text, entities);
    }
}
