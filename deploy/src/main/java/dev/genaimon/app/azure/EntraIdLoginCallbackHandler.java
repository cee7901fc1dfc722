package dev.genaimon.app.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerToken;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerTokenCallback;

/**
 * SASL/OAUTHBEARER login for Azure Event Hubs' Kafka endpoint with Entra ID: tokens come from
 * {@code DefaultAzureCredential}, so AKS workload identity (the federated token the webhook projects into the pod),
 * managed identity, environment credentials and, on a laptop, the Azure CLI login all work without a secret in the
 * configuration. The scope is {@code https://<namespace host>/.default}, taken from {@code bootstrap.servers}.
 *
 * <pre>
 * kafka:
 *   properties:
 *     security.protocol: SASL_SSL
 *     sasl.mechanism: OAUTHBEARER
 *     sasl.jaas.config: org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;
 *     sasl.login.callback.handler.class: dev.genaimon.app.azure.EntraIdLoginCallbackHandler
 * </pre>
 */
public final class EntraIdLoginCallbackHandler implements AuthenticateCallbackHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<TokenCredential> credentials;
    private TokenCredential credential;
    private String scope;

    public EntraIdLoginCallbackHandler() {
        this(() -> new DefaultAzureCredentialBuilder().build());
    }

    EntraIdLoginCallbackHandler(Supplier<TokenCredential> credentials) {
        this.credentials = credentials;
    }

    @Override
    public void configure(Map<String, ?> configs, String saslMechanism, List<AppConfigurationEntry> jaasEntries) {
        if (!"OAUTHBEARER".equals(saslMechanism)) {
            throw new IllegalArgumentException("EntraIdLoginCallbackHandler needs sasl.mechanism OAUTHBEARER, got "
                    + saslMechanism);
        }
        scope = scopeOf(configs.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
        credential = credentials.get();
    }

    /** {@code ns.servicebus.windows.net:9093} (or a list of them) → {@code https://ns.servicebus.windows.net/.default}. */
    static String scopeOf(Object bootstrapServers) {
        String first = bootstrapServers instanceof List<?> list && !list.isEmpty() ? String.valueOf(list.get(0))
                : String.valueOf(bootstrapServers).split(",")[0];
        String host = first.strip().replaceFirst(":\\d+$", "");
        if (host.isEmpty() || host.equals("null")) {
            throw new IllegalArgumentException("bootstrap.servers is needed to know the Event Hubs namespace");
        }
        return "https://" + host + "/.default";
    }

    @Override
    public void handle(Callback[] callbacks) throws IOException, UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (!(callback instanceof OAuthBearerTokenCallback tokenCallback)) {
                throw new UnsupportedCallbackException(callback);
            }
            AccessToken token;
            try {
                token = credential.getTokenSync(new TokenRequestContext().addScopes(scope));
            } catch (RuntimeException e) {
                throw new IOException("Could not get an Entra ID token for " + scope + ": " + e.getMessage(), e);
            }
            tokenCallback.token(new EntraToken(token.getToken(), scope, token.getExpiresAt().toInstant().toEpochMilli(),
                    principalOf(token.getToken()), System.currentTimeMillis()));
        }
    }

    /** The object id (or subject) of the identity the token was issued to; the token itself is checked by Azure. */
    static String principalOf(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length >= 2) {
            try {
                JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
                for (String claim : new String[] {"oid", "sub", "appid"}) {
                    if (claims.hasNonNull(claim)) {
                        return claims.get(claim).asText();
                    }
                }
            } catch (IOException | IllegalArgumentException e) {
                // not a JWT we can read: the principal name is only informational on the client side
            }
        }
        return "entra-id";
    }

    @Override
    public void close() {
        // DefaultAzureCredential holds no resources that need closing
    }

    private record EntraToken(String value, String scopeValue, long lifetimeMs, String principalName,
                              Long startTimeMs) implements OAuthBearerToken {
        @Override
        public Set<String> scope() {
            return Set.of(scopeValue);
        }
    }

    /** For tests: the resource the handler asks tokens for. */
    String scope() {
        return scope;
    }
}
