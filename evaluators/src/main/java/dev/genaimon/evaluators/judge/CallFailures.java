package dev.genaimon.evaluators.judge;

import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

/** How the HTTP clients of the judge and the Content Safety detector describe a failed call. */
public final class CallFailures {

    private CallFailures() {
    }

    /** Whether a timeout (of the JDK HTTP client or of a future) is anywhere in the cause chain. */
    public static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpTimeoutException || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The first line of a service's message, at most 300 characters: enough for a log line or a result's reason. */
    public static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
