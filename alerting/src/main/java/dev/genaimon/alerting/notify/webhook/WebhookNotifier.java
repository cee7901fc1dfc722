package dev.genaimon.alerting.notify.webhook;

import dev.genaimon.alerting.notify.Delivery;
import dev.genaimon.alerting.notify.HttpDelivery;
import dev.genaimon.alerting.notify.Notification;
import dev.genaimon.alerting.notify.Notifier;
import dev.genaimon.alerting.notify.NotifierContext;
import dev.genaimon.alerting.notify.Payloads;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Generic webhook: Alertmanager's webhook JSON, {@code X-Genaimon-Signature: sha256=<hex HMAC-SHA256 of the body>}
 * when a secret is configured, and {@code Idempotency-Key} / {@code X-Genaimon-Idempotency-Key}.
 */
final class WebhookNotifier implements Notifier {

    static final String SIGNATURE = "X-Genaimon-Signature";
    static final String IDEMPOTENCY = "X-Genaimon-Idempotency-Key";

    private final NotifierContext context;
    private final URI url;
    private final byte[] secret;

    WebhookNotifier(NotifierContext context, URI url, String secret) {
        this.context = context;
        this.url = url;
        this.secret = secret == null || secret.isEmpty() ? null : secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Delivery deliver(Notification notification) {
        String body = Payloads.text(Payloads.webhook(notification));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(IDEMPOTENCY, notification.idempotencyKey());
        headers.put("Idempotency-Key", notification.idempotencyKey());
        if (secret != null) {
            headers.put(SIGNATURE, "sha256=" + hmac(secret, body));
        }
        return HttpDelivery.postJson(context, url, body, headers);
    }

    /** Lowercase hex HMAC-SHA256 of the UTF-8 body; receivers recompute it with the shared secret. */
    static String hmac(byte[] secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }
}
