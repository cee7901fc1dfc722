package dev.genaimon.alerting.route;

import java.util.List;

/** A routing file that cannot be used; each problem reads {@code file:line: reason}. */
public final class RoutingConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    RoutingConfigException(List<String> problems) {
        super("invalid routing configuration:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
