package dev.genaimon.alerting.notify.email;

import dev.genaimon.alerting.notify.Notifier;
import dev.genaimon.alerting.notify.NotifierContext;
import dev.genaimon.alerting.notify.NotifierProvider;
import dev.genaimon.alerting.route.ReceiverConfig;
import java.util.Arrays;
import java.util.List;

/** {@code email_configs: [{smarthost: 'mail.internal:25', from: genaimon@example.com, to: 'oncall@example.com'}]}. */
public final class EmailProvider implements NotifierProvider {

    @Override
    public String type() {
        return "email";
    }

    @Override
    public Notifier create(ReceiverConfig config, NotifierContext context) {
        String smarthost = config.required("smarthost");
        int colon = smarthost.lastIndexOf(':');
        int port;
        try {
            port = colon < 0 ? 25 : Integer.parseInt(smarthost.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("email receiver '" + config.name() + "': smarthost must be host:port,"
                    + " got '" + smarthost + "'");
        }
        String host = colon < 0 ? smarthost : smarthost.substring(0, colon);
        String from = config.required("from");
        List<String> to = Arrays.stream(config.required("to").split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
        for (String address : to) {
            if (!address.matches("[^@\\s<>]+@[^@\\s<>]+")) {
                throw new IllegalArgumentException("email receiver '" + config.name() + "': invalid address '"
                        + address + "' in 'to'");
            }
        }
        return new EmailNotifier(new SmtpClient(host, port, config.string("hello", "localhost"), context.timeout()),
                from, to, context.clock());
    }
}
