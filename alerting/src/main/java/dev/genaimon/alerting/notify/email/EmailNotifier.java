package dev.genaimon.alerting.notify.email;

import dev.genaimon.alerting.notify.Delivery;
import dev.genaimon.alerting.notify.Notification;
import dev.genaimon.alerting.notify.Notifier;
import dev.genaimon.schemas.avro.AlertEvent;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Plain-text email over SMTP; the idempotency key is the Message-ID, so mail systems can drop redeliveries. */
final class EmailNotifier implements Notifier {

    private final SmtpClient smtp;
    private final String from;
    private final List<String> to;
    private final Clock clock;

    EmailNotifier(SmtpClient smtp, String from, List<String> to, Clock clock) {
        this.smtp = smtp;
        this.from = from;
        this.to = List.copyOf(to);
        this.clock = clock;
    }

    @Override
    public Delivery deliver(Notification n) {
        try {
            smtp.send(from, to, message(n));
            return Delivery.delivered();
        } catch (SmtpClient.SmtpException e) {
            return e.code >= 500 ? new Delivery.Failed("SMTP " + e.getMessage())
                    : new Delivery.Retry("SMTP " + e.getMessage(), null);
        } catch (SocketTimeoutException e) {
            return new Delivery.Retry("SMTP timeout: " + e.getMessage(), null);
        } catch (IOException e) {
            return new Delivery.Retry("SMTP connection failed: " + e, null);
        }
    }

    String message(Notification n) {
        StringBuilder m = new StringBuilder();
        m.append("From: ").append(from).append("\r\n");
        m.append("To: ").append(String.join(", ", to)).append("\r\n");
        m.append("Subject: ").append(n.title().replaceAll("[\r\n]", " ")).append("\r\n");
        m.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().atZone(ZoneOffset.UTC)))
                .append("\r\n");
        m.append("Message-ID: <").append(n.idempotencyKey()).append("@genaimon>\r\n");
        m.append("X-Genaimon-Idempotency-Key: ").append(n.idempotencyKey()).append("\r\n");
        m.append("MIME-Version: 1.0\r\n");
        m.append("Content-Type: text/plain; charset=UTF-8\r\n");
        m.append("Content-Transfer-Encoding: 8bit\r\n\r\n");
        m.append(n.title()).append("\r\n\r\n");
        for (AlertEvent alert : n.alerts()) {
            m.append(alert.getStatus().toUpperCase(java.util.Locale.ROOT)).append(" ").append(alert.getRule())
                    .append(" (").append(alert.getSeverity()).append(")\r\n");
            String summary = alert.getAnnotations().get("summary");
            if (summary != null) {
                m.append("  ").append(summary).append("\r\n");
            }
            m.append("  since ").append(alert.getStartsAt());
            if (alert.getValue() != null) {
                m.append(", value ").append(alert.getValue());
            }
            m.append("\r\n  labels ").append(new java.util.TreeMap<>(alert.getLabels())).append("\r\n");
            String runbook = alert.getAnnotations().get("runbook_url");
            if (runbook != null) {
                m.append("  runbook ").append(runbook).append("\r\n");
            }
        }
        return m.toString();
    }
}
