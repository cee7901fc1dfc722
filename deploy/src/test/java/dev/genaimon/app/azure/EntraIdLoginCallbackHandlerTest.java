package dev.genaimon.app.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.security.auth.callback.Callback;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerToken;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerTokenCallback;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class EntraIdLoginCallbackHandlerTest {

    private static final OffsetDateTime EXPIRES = OffsetDateTime.of(2031, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);

    /** A credential that records what it was asked for and answers with a fixed token. */
    private static final class RecordingCredential implements TokenCredential {
        final List<List<String>> requestedScopes = new ArrayList<>();
        final String jwt;

        RecordingCredential(String jwt) {
            this.jwt = jwt;
        }

        @Override
        public Mono<AccessToken> getToken(TokenRequestContext request) {
            return Mono.fromSupplier(() -> getTokenSync(request));
        }

        @Override
        public AccessToken getTokenSync(TokenRequestContext request) {
            requestedScopes.add(request.getScopes());
            return new AccessToken(jwt, EXPIRES);
        }
    }

    @Test
    void shouldAskForTheNamespaceScopeAndHandKafkaTheToken() throws Exception {
        String jwt = jwt("{\"aud\":\"https://ns.servicebus.windows.net\",\"oid\":\"1f0c-oid\",\"sub\":\"s\"}");
        RecordingCredential credential = new RecordingCredential(jwt);
        EntraIdLoginCallbackHandler handler = new EntraIdLoginCallbackHandler(() -> credential);
        handler.configure(Map.of("bootstrap.servers", List.of("ns.servicebus.windows.net:9093")), "OAUTHBEARER",
                List.of());

        OAuthBearerTokenCallback callback = new OAuthBearerTokenCallback();
        handler.handle(new Callback[] {callback});

        assertThat(credential.requestedScopes).containsExactly(List.of("https://ns.servicebus.windows.net/.default"));
        OAuthBearerToken token = callback.token();
        assertThat(token.value()).isEqualTo(jwt);
        assertThat(token.lifetimeMs()).isEqualTo(EXPIRES.toInstant().toEpochMilli());
        assertThat(token.principalName()).isEqualTo("1f0c-oid");
        assertThat(token.scope()).containsExactly("https://ns.servicebus.windows.net/.default");
    }

    @Test
    void shouldDeriveTheScopeFromTheFirstBootstrapServer() {
        assertThat(EntraIdLoginCallbackHandler.scopeOf("a.servicebus.windows.net:9093,b:9093"))
                .isEqualTo("https://a.servicebus.windows.net/.default");
        assertThat(EntraIdLoginCallbackHandler.principalOf("not-a-jwt")).isEqualTo("entra-id");
        assertThatThrownBy(() -> EntraIdLoginCallbackHandler.scopeOf(null))
                .hasMessageContaining("bootstrap.servers");
    }

    @Test
    void shouldRefuseOtherMechanismsAndReportTokenFailuresWithTheScope() {
        EntraIdLoginCallbackHandler handler = new EntraIdLoginCallbackHandler(() -> new RecordingCredential("x"));
        assertThatThrownBy(() -> handler.configure(Map.of("bootstrap.servers", "ns:9093"), "PLAIN", List.of()))
                .hasMessageContaining("OAUTHBEARER");

        TokenCredential failing = new TokenCredential() {
            @Override
            public Mono<AccessToken> getToken(TokenRequestContext request) {
                return Mono.error(new IllegalStateException("no federated token file"));
            }

            @Override
            public AccessToken getTokenSync(TokenRequestContext request) {
                throw new IllegalStateException("no federated token file");
            }
        };
        EntraIdLoginCallbackHandler broken = new EntraIdLoginCallbackHandler(() -> failing);
        broken.configure(Map.of("bootstrap.servers", "ns.servicebus.windows.net:9093"), "OAUTHBEARER", List.of());
        assertThatThrownBy(() -> broken.handle(new Callback[] {new OAuthBearerTokenCallback()}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("https://ns.servicebus.windows.net/.default")
                .hasMessageContaining("no federated token file");
    }

    private static String jwt(String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }
}
