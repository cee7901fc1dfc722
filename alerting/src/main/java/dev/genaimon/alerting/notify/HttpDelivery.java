package dev.genaimon.alerting.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Posts a JSON body and classifies the answer the same way for every HTTP channel: 2xx delivered; 429, 5xx, timeouts
 * and connection errors retried (honouring Retry-After); other statuses are permanent failures.
 */
public final class HttpDelivery {

    private static final int MAX_BODY_IN_REASON = 300;

    private HttpDelivery() {
    }

    /** Validates a receiver URL setting: absolute http(s). */
    public static URI url(String type, String receiver, String value) {
        try {
            URI uri = URI.create(value.strip());
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("not an absolute http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(type + " receiver '" + receiver + "': invalid url: " + e.getMessage());
        }
    }

    public static Delivery postJson(NotifierContext context, URI uri, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(context.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "genaimon-notifier")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        HttpResponse<String> response;
        try {
            response = context.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return new Delivery.Retry("timeout after " + context.timeout().toMillis() + " ms", null);
        } catch (IOException e) {
            return new Delivery.Retry("connection failed: " + e, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Delivery.Retry("interrupted", null);
        }
        return classify(response.statusCode(), response.body(), response.headers().firstValue("Retry-After")
                .orElse(null), context.clock());
    }

    static Delivery classify(int status, String body, String retryAfter, Clock clock) {
        if (status >= 200 && status < 300) {
            return Delivery.delivered();
        }
        String text = body == null ? "" : body.strip();
        String reason = "HTTP " + status + (text.isEmpty() ? "" : ": "
                + (text.length() > MAX_BODY_IN_REASON ? text.substring(0, MAX_BODY_IN_REASON) + "..." : text));
        if (status == 429 || status >= 500) {
            return new Delivery.Retry(reason, retryAfter(retryAfter, clock));
        }
        return new Delivery.Failed(reason);
    }

    /** Retry-After as seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }
}
