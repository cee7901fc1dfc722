package dev.genaimon.evaluators.safety.scan;

import java.util.List;

/**
 * One parsed input line.
 *
 * @param id       the caller's id, echoed verbatim (string or number text)
 * @param text     the prompt or response to scan
 * @param response true when {@code role} was {@code response}
 * @param context  retrieval documents / tool results, possibly empty
 */
public record ScanRequest(String id, String text, boolean response, List<String> context) {
    public ScanRequest {
        context = List.copyOf(context);
    }
}
