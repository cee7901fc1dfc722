package dev.genaimon.alerting.notify;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

/**
 * What notifiers share.
 *
 * @param http        one HTTP client for every HTTP channel
 * @param timeout     longest time one delivery attempt may take (it runs on the stream thread)
 * @param externalUrl genaimon's base URL for links in notifications, may be empty
 */
public record NotifierContext(HttpClient http, Duration timeout, String externalUrl, Clock clock) {

    public static NotifierContext create(Duration timeout, String externalUrl, Clock clock) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
        return new NotifierContext(http, timeout, externalUrl, clock);
    }
}
