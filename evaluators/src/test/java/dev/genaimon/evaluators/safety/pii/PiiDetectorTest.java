package dev.genaimon.evaluators.safety.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PiiDetectorTest {

    private final PiiDetector detector = PiiDetector.createDefault();

    private List<String> types(String text) {
        return detector.detect(text).stream().map(PiiEntity::type).toList();
    }

    @Test
    void shouldValidateLuhnIbanAndSsnRules() {
        assertThat(Checksums.luhn("4111111111111111")).isTrue();
        assertThat(Checksums.luhn("4111111111111112")).isFalse();
        assertThat(Checksums.ibanValid("GB82WEST12345698765432")).isTrue();
        assertThat(Checksums.ibanValidBig("GB82WEST12345698765432")).isTrue();
        assertThat(Checksums.ibanValid("GB82WEST12345698765433")).isFalse();
        assertThat(Checksums.ssnValid(666, 12, 3456)).isFalse();
        assertThat(Checksums.ssnValid(900, 12, 3456)).isFalse();
        assertThat(Checksums.ssnValid(123, 0, 3456)).isFalse();
        assertThat(Checksums.ssnValid(536, 22, 1234)).isTrue();
    }

    @Test
    void shouldFindCardButNotLuhnFailingNumber() {
        assertThat(types("card 4111 1111 1111 1111 ok")).containsExactly(PiiTypes.CREDIT_CARD);
        assertThat(types("order 4111 1111 1111 1112 ok")).doesNotContain(PiiTypes.CREDIT_CARD);
    }

    @Test
    void shouldFindJwtAndPemPrivateKey() {
        String jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        assertThat(types("token " + jwt)).containsExactly(PiiTypes.JWT);
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----";
        assertThat(types("key:\n" + pem)).containsExactly(PiiTypes.PRIVATE_KEY);
        assertThat(types("AKIAIOSFODNN7EXAMPLE and ghp_" + "a".repeat(36))).contains(PiiTypes.AWS_ACCESS_KEY, PiiTypes.GITHUB_TOKEN);
    }

    @Test
    void shouldResolveOverlapsByScoreThenLength() {
        List<PiiEntity> resolved = OverlapResolver.resolve(List.of(
                new PiiEntity(PiiTypes.PHONE_NUMBER, 0, 10, 0.6),
                new PiiEntity(PiiTypes.CREDIT_CARD, 0, 16, 0.95),
                new PiiEntity(PiiTypes.EMAIL_ADDRESS, 20, 30, 0.9)));
        assertThat(resolved).extracting(PiiEntity::type).containsExactly(PiiTypes.CREDIT_CARD, PiiTypes.EMAIL_ADDRESS);
    }

    @Test
    void shouldRedactWithMaskHashAndKeepModes() {
        String text = "mail a@b.io now";
        List<PiiEntity> found = detector.detect(text);
        assertThat(Redactor.maskAll().redact(text, found)).isEqualTo("mail <EMAIL_ADDRESS> now");
        Redactor hashing = new Redactor(Map.of(PiiTypes.EMAIL_ADDRESS, RedactionMode.HASH), RedactionMode.MASK, "s");
        String once = hashing.redact(text, found);
        assertThat(once).matches("mail <EMAIL_ADDRESS:[0-9a-f]{12}> now").isEqualTo(hashing.redact(text, found));
        assertThat(new Redactor(Map.of(), RedactionMode.KEEP, "s").redact(text, found)).isEqualTo(text);
    }
}
