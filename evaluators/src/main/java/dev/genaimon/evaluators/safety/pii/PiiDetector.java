package dev.genaimon.evaluators.safety.pii;

import com.google.i18n.phonenumbers.PhoneNumberUtil.Leniency;
import dev.genaimon.evaluators.safety.SafetyDetector;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds PII and secrets in text and returns non-overlapping entities sorted by start. Thread-safe.
 *
 * <p>Structured types (email, phone, card, IBAN, SSN, IP, secrets) are pattern plus checksum/parser based and
 * precise; PERSON and STREET_ADDRESS are heuristic (no NER model) and have modest recall.
 */
public final class PiiDetector implements SafetyDetector<List<PiiEntity>> {

    private final List<Recognizer> recognizers;

    private PiiDetector(List<Recognizer> recognizers) {
        this.recognizers = List.copyOf(recognizers);
    }

    /** All recognizers; phone numbers parsed for {@code US, GB, DE, FR, IN, AU, BR, IL, ES, IT, PT, ZA} at POSSIBLE leniency. */
    public static PiiDetector createDefault() {
        return create(PhoneRecognizer.DEFAULT_REGIONS, true);
    }

    /**
     * @param phoneRegions ISO 3166 regions whose national formats are recognised (international "+" numbers
     *                     are found whatever the list)
     * @param namesAndAddresses whether the heuristic PERSON and STREET_ADDRESS recognizers run
     */
    public static PiiDetector create(List<String> phoneRegions, boolean namesAndAddresses) {
        List<Recognizer> list = new ArrayList<>();
        list.add(new StructuredRecognizer());
        list.add(new SecretRecognizer());
        list.add(new PhoneRecognizer(phoneRegions, Leniency.POSSIBLE));
        if (namesAndAddresses) {
            list.add(new AddressRecognizer());
            list.add(new PersonRecognizer());
        }
        return new PiiDetector(list);
    }

    @Override
    public List<PiiEntity> detect(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        List<PiiEntity> candidates = new ArrayList<>();
        TextShape shape = TextShape.of(text);
        for (Recognizer r : recognizers) {
            r.find(shape, candidates);
        }
        return OverlapResolver.resolve(candidates);
    }
}
