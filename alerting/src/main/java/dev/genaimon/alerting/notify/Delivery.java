package dev.genaimon.alerting.notify;

import java.time.Duration;

/** What a delivery attempt came to. */
public sealed interface Delivery {

    /** The receiver accepted it. */
    record Delivered() implements Delivery {
    }

    /**
     * Worth trying again (429, 5xx, timeout, connection refused).
     *
     * @param retryAfter the receiver's Retry-After, or null
     */
    record Retry(String reason, Duration retryAfter) implements Delivery {
    }

    /** Will never succeed as it is (4xx other than 429, bad configuration): goes to the delivery DLQ. */
    record Failed(String reason) implements Delivery {
    }

    static Delivery delivered() {
        return new Delivered();
    }
}
