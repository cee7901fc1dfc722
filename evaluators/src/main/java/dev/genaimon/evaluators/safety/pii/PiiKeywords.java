package dev.genaimon.evaluators.safety.pii;

import dev.genaimon.evaluators.safety.text.Keywords;

/**
 * The keywords every keyword-guarded PII pattern needs, in one automaton, so a text is scanned once for all
 * recognizers ({@link TextShape#hits()}) instead of once per recognizer. One group per guarded pattern; a group's
 * hits are the same as those of an automaton holding only that group's keywords.
 */
final class PiiKeywords {

    /** Email: '@' within 64 characters of the match start. */
    static final int EMAIL = 0;
    /** Credentials in URLs: "://" within 16. */
    static final int URL_CREDENTIALS = 1;
    /** Azure account / access keys and SAS signatures. */
    static final int AZURE_KEY = 2;
    /** Generic "password = ..." / "api_key: ..." assignments. */
    static final int GENERIC_SECRET = 3;
    /** Unit-only street addresses ("Apt 5", "P.O. Box 9"). */
    static final int UNIT = 4;
    static final int HONORIFIC = 5;
    static final int NAME_CUE = 6;
    static final int LOWER_NAME_CUE = 7;

    static final Keywords ALL = Keywords.builder()
            .addWithin(EMAIL, 64, "@")
            .addWithin(URL_CREDENTIALS, 16, "://")
            .add(AZURE_KEY, "accountkey=").addWithin(AZURE_KEY, 6, "accesskey=").addWithin(AZURE_KEY, 1, "sig=")
            .addWithin(GENERIC_SECRET, 40, "key", "secret", "token", "passwd", "password", "pwd", "credential")
            .add(UNIT, "\\bapt", "\\bapartment", "\\bsuite", "\\bunit", "\\bpsc").addWithin(UNIT, 8, "box")
            .add(HONORIFIC, "\\bmr", "\\bms", "\\bmiss", "\\bmx", "\\bdr", "\\bprof", "\\bsir", "\\bdame", "\\blady",
                    "\\blord", "\\bmadam", "\\brev", "\\bmister")
            .add(NAME_CUE, "\\bmy name is", "\\bname", "\\bcalled", "\\bsigned", "\\bregards,", "\\bdear", "\\bi am",
                    "\\bi'm", "\\bthis is", "\\bdirected by", "\\bwritten by", "\\bsung by", "\\bauthor", "\\bcontact",
                    "\\bunder")
            .add(LOWER_NAME_CUE, "\\bmy name is", "\\bname:")
            .build();

    private PiiKeywords() {
    }
}
