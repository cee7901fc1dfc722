package dev.genaimon.alerting.notify.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.alerting.notify.Delivery;
import dev.genaimon.alerting.notify.Notification;
import dev.genaimon.alerting.notify.NotifierContext;
import dev.genaimon.alerting.route.ReceiverConfig;
import dev.genaimon.schemas.avro.AlertEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EmailNotifierTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    /** A tiny SMTP server on 127.0.0.1: records the envelope and the message; RCPT answers {@code rcptReply}. */
    static final class SmtpServer implements AutoCloseable {
        final ServerSocket socket;
        final List<String> commands = new CopyOnWriteArrayList<>();
        final List<String> messages = new CopyOnWriteArrayList<>();
        volatile String rcptReply = "250 ok";
        private final Thread thread;

        SmtpServer() throws IOException {
            socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            thread = new Thread(this::serve, "smtp-test");
            thread.setDaemon(true);
            thread.start();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket client = socket.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                            StandardCharsets.UTF_8));
                    OutputStream out = client.getOutputStream();
                    reply(out, "220 test ESMTP");
                    String line;
                    while ((line = in.readLine()) != null) {
                        commands.add(line);
                        if (line.startsWith("EHLO")) {
                            reply(out, "250-test\r\n250 8BITMIME");
                        } else if (line.startsWith("RCPT")) {
                            reply(out, rcptReply);
                        } else if (line.equals("DATA")) {
                            reply(out, "354 go ahead");
                            StringBuilder message = new StringBuilder();
                            String data;
                            while (!(data = in.readLine()).equals(".")) {
                                message.append(data).append("\n");
                            }
                            messages.add(message.toString());
                            reply(out, "250 queued");
                        } else if (line.equals("QUIT")) {
                            reply(out, "221 bye");
                            break;
                        } else {
                            reply(out, "250 ok");
                        }
                    }
                } catch (IOException e) {
                    // closed by the test
                }
            }
        }

        private static void reply(OutputStream out, String text) throws IOException {
            out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private final SmtpServer server = new SmtpServer();

    EmailNotifierTest() throws IOException {
    }

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    private dev.genaimon.alerting.notify.Notifier notifier() {
        return new EmailProvider().create(new ReceiverConfig("mail", "email", Map.of(
                "smarthost", "127.0.0.1:" + server.socket.getLocalPort(), "from", "genaimon@example.test",
                "to", "oncall@example.test, lead@example.test"), true),
                NotifierContext.create(Duration.ofSeconds(5), "", Clock.fixed(T0, java.time.ZoneOffset.UTC)));
    }

    private static Notification notification() {
        AlertEvent alert = AlertEvent.newBuilder().setFingerprint("fp1").setRule("cost_burn").setStatus("firing")
                .setSeverity("warning").setLabels(Map.of("tenant", "acme"))
                .setAnnotations(Map.of("summary", ".starts with a dot")).setStartsAt(T0).setTransitionAt(T0).build();
        return new Notification("mail", "0:{}", "idem-42", 1, Map.of(), List.of(alert), T0, "");
    }

    @Test
    void shouldSendAPlainTextMailOverSmtp() {
        assertThat(notifier().deliver(notification())).isInstanceOf(Delivery.Delivered.class);
        assertThat(server.commands).contains("EHLO localhost", "MAIL FROM:<genaimon@example.test>",
                "RCPT TO:<oncall@example.test>", "RCPT TO:<lead@example.test>", "DATA", "QUIT");
        String message = server.messages.get(0);
        assertThat(message).contains("Subject: [FIRING:1] cost_burn\n").contains("Message-ID: <idem-42@genaimon>\n")
                .contains("X-Genaimon-Idempotency-Key: idem-42\n").contains("To: oncall@example.test, lead@example.test")
                .contains("FIRING cost_burn (warning)")
                .contains("  .starts with a dot");
    }

    @Test
    void shouldDotStuffLinesStartingWithADot() throws IOException {
        new SmtpClient("127.0.0.1", server.socket.getLocalPort(), "localhost", Duration.ofSeconds(5))
                .send("a@example.test", List.of("b@example.test"), "Subject: x\r\n\r\n.\r\n.hidden\r\nend");
        assertThat(server.messages.get(0)).isEqualTo("Subject: x\n\n..\n..hidden\nend\n");
    }

    @Test
    void shouldRetryTransientAndFailPermanentSmtpErrors() {
        server.rcptReply = "451 try again later";
        assertThat(notifier().deliver(notification())).isInstanceOf(Delivery.Retry.class);
        server.rcptReply = "550 no such user";
        assertThat(notifier().deliver(notification())).isInstanceOfSatisfying(Delivery.Failed.class,
                f -> assertThat(f.reason()).contains("550"));
    }

    @Test
    void shouldRetryWhenTheServerIsDown() throws IOException {
        int port;
        try (ServerSocket unused = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = unused.getLocalPort(); // nobody listens there once it is closed
        }
        var notifier = new EmailProvider().create(new ReceiverConfig("mail", "email", Map.of(
                "smarthost", "127.0.0.1:" + port, "from", "genaimon@example.test", "to", "oncall@example.test"), true),
                NotifierContext.create(Duration.ofSeconds(2), "", Clock.systemUTC()));
        assertThat(notifier.deliver(notification())).isInstanceOfSatisfying(Delivery.Retry.class,
                r -> assertThat(r.reason()).startsWith("SMTP connection failed"));
    }
}
