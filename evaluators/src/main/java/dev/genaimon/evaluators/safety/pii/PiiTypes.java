package dev.genaimon.evaluators.safety.pii;

/** Entity type names reported by {@link PiiDetector}; the structured ones match Microsoft Presidio's names. */
public final class PiiTypes {
    public static final String EMAIL_ADDRESS = "EMAIL_ADDRESS";
    public static final String PHONE_NUMBER = "PHONE_NUMBER";
    public static final String CREDIT_CARD = "CREDIT_CARD";
    public static final String IBAN_CODE = "IBAN_CODE";
    public static final String US_SSN = "US_SSN";
    public static final String IP_ADDRESS = "IP_ADDRESS";
    public static final String URL_CREDENTIALS = "URL_CREDENTIALS";
    public static final String PERSON = "PERSON";
    public static final String STREET_ADDRESS = "STREET_ADDRESS";
    /** Generic secret assigned to a key-like name ({@code api_key=...}, {@code password: ...}). */
    public static final String API_KEY = "API_KEY";
    public static final String AWS_ACCESS_KEY = "AWS_ACCESS_KEY";
    public static final String AZURE_KEY = "AZURE_KEY";
    public static final String GCP_API_KEY = "GCP_API_KEY";
    public static final String GITHUB_TOKEN = "GITHUB_TOKEN";
    public static final String SLACK_TOKEN = "SLACK_TOKEN";
    public static final String JWT = "JWT";
    public static final String PRIVATE_KEY = "PRIVATE_KEY";

    private PiiTypes() {
    }
}
