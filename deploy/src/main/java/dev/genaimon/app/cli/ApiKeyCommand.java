package dev.genaimon.app.cli;

import dev.genaimon.ingest.auth.ApiKeyAuthenticator;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "apikey", mixinStandardHelpOptions = true,
        description = "Make API keys: 'apikey new TENANT' prints a fresh key and its config entry; "
                + "'apikey hash KEY' prints the SHA-256 to configure.",
        subcommands = {ApiKeyCommand.New.class, ApiKeyCommand.Hash.class})
final class ApiKeyCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "new", mixinStandardHelpOptions = true, description = "Generate a key for a tenant.")
    static final class New implements Callable<Integer> {
        @Parameters(paramLabel = "TENANT")
        String tenant;

        @Override
        public Integer call() {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String key = "gm_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            System.out.println("key (give it to the service; it is not stored anywhere): " + key);
            System.out.println("configuration entry:");
            System.out.println("auth:\n  api-keys:\n    - tenant: " + tenant + "\n      sha256: "
                    + ApiKeyAuthenticator.sha256Hex(key));
            return 0;
        }
    }

    @Command(name = "hash", mixinStandardHelpOptions = true, description = "Print the SHA-256 of an existing key.")
    static final class Hash implements Callable<Integer> {
        @Parameters(paramLabel = "KEY")
        String key;

        @Override
        public Integer call() {
            System.out.println(ApiKeyAuthenticator.sha256Hex(key));
            return 0;
        }
    }
}
