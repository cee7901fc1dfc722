package dev.genaimon.alerting.notify.email;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A minimal SMTP client (RFC 5321): EHLO (HELO fallback), MAIL FROM, RCPT TO, DATA with dot-stuffing, QUIT. Plain
 * connection, no AUTH or STARTTLS: meant for a local relay or a smarthost on a trusted network.
 */
final class SmtpClient {

    /** An SMTP reply that was not the expected one; 4xx is transient, 5xx permanent. */
    static final class SmtpException extends IOException {
        private static final long serialVersionUID = 1L;
        final int code;

        SmtpException(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    private final String host;
    private final int port;
    private final String hello;
    private final Duration timeout;

    SmtpClient(String host, int port, String hello, Duration timeout) {
        this.host = host;
        this.port = port;
        this.hello = hello;
        this.timeout = timeout;
    }

    void send(String from, List<String> to, String message) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            expect(in, 220, "greeting");
            command(out, "EHLO " + hello);
            int code = reply(in);
            if (code != 250) {
                command(out, "HELO " + hello);
                expect(in, 250, "HELO");
            }
            command(out, "MAIL FROM:<" + from + ">");
            expect(in, 250, "MAIL FROM");
            for (String rcpt : to) {
                command(out, "RCPT TO:<" + rcpt + ">");
                int r = reply(in);
                if (r != 250 && r != 251) {
                    throw new SmtpException(r, "RCPT TO " + rcpt + " refused with " + r);
                }
            }
            command(out, "DATA");
            expect(in, 354, "DATA");
            StringBuilder data = new StringBuilder();
            for (String line : message.split("\r?\n", -1)) {
                data.append(line.startsWith(".") ? "." + line : line).append("\r\n");
            }
            data.append(".\r\n");
            out.write(data.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            expect(in, 250, "end of DATA");
            command(out, "QUIT");
            reply(in);
        }
    }

    private static void command(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void expect(BufferedReader in, int expected, String step) throws IOException {
        int code = reply(in);
        if (code != expected) {
            throw new SmtpException(code, step + ": expected " + expected + ", got " + code);
        }
    }

    /** Reads a (possibly multi-line) reply and returns its code. */
    private static int reply(BufferedReader in) throws IOException {
        while (true) {
            String line = in.readLine();
            if (line == null || line.length() < 3) {
                throw new IOException("connection closed by the SMTP server");
            }
            int code;
            try {
                code = Integer.parseInt(line.substring(0, 3));
            } catch (NumberFormatException e) {
                throw new IOException("not an SMTP reply: " + line);
            }
            if (line.length() == 3 || line.charAt(3) != '-') {
                return code;
            }
        }
    }
}
