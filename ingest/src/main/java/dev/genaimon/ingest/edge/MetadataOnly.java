package dev.genaimon.ingest.edge;

import dev.genaimon.schemas.avro.ContextDocument;
import dev.genaimon.schemas.avro.Features;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.Message;
import dev.genaimon.schemas.avro.RedactionInfo;
import dev.genaimon.schemas.avro.ToolCall;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code capture.content: false} at ingest: the texts (system prompt, message contents, response, context documents,
 * tool arguments and outputs, ground truth, error message) are removed before the record reaches Kafka, like
 * OpenTelemetry's opt-in content capture. What stays is metadata: ids, model, tokens, latency, status, roles, tool
 * names, and the text lengths, which are put in {@code features.numeric} under the names enrich uses
 * ({@code prompt_chars}, {@code system_prompt_chars}, {@code response_chars}, {@code context_chars}) so length
 * features and drift keep working. The redaction info says {@code contentCaptured: false, atEdge: true}.
 */
public final class MetadataOnly {

    private MetadataOnly() {
    }

    /** Removes the texts of {@code in} (in place) and returns it. */
    public static Interaction strip(Interaction in) {
        Map<String, Double> lengths = new HashMap<>();
        lengths.put("prompt_chars", (double) userChars(in));
        lengths.put("system_prompt_chars", (double) length(in.getSystemPrompt()));
        lengths.put("response_chars", (double) length(in.getResponse()));
        long contextChars = 0;
        if (in.getContext() != null) {
            for (ContextDocument document : in.getContext()) {
                contextChars += length(document.getContent());
                document.setContent("");
            }
        }
        lengths.put("context_chars", (double) contextChars);

        in.setSystemPrompt(null);
        if (in.getMessages() != null) {
            in.getMessages().forEach(message -> message.setContent(""));
        }
        in.setResponse(null);
        if (in.getToolCalls() != null) {
            for (ToolCall tool : in.getToolCalls()) {
                tool.setArguments(null);
                tool.setOutput(null);
            }
        }
        in.setGroundTruth(null);
        if (in.getStatus() != null) {
            in.getStatus().setMessage(null);
        }
        in.setFeatures(new Features(lengths, new HashMap<>()));
        in.setRedaction(new RedactionInfo(0, false, true));
        return in;
    }

    /** The user's side of the conversation, as enrich measures it: user messages joined by newlines. */
    private static long userChars(Interaction in) {
        if (in.getMessages() == null) {
            return 0;
        }
        long chars = 0;
        int users = 0;
        for (Message message : in.getMessages()) {
            if ("user".equals(message.getRole())) {
                chars += length(message.getContent()) + (users++ > 0 ? 1 : 0);
            }
        }
        return chars;
    }

    private static long length(CharSequence text) {
        return text == null ? 0 : text.length();
    }
}
