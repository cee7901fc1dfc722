package dev.genaimon.evaluators.safety.attack;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Hand-written cues that generalise across attack sources, because they describe what an attack does rather than
 * how one dataset words it. Each cue is a value in [0, 1]; the linear model learns its weight next to the
 * n-grams. Patterns are bounded (no nested unbounded repetition) so adversarial input cannot make them slow.
 */
final class StructuralFeatures {

    /** Patterns run on the lower-cased text: case-insensitive matching costs several times more per position. */
    private static final int FLAGS = 0;

    /** Names in the order of the feature vector; printed by the trainer next to the learned weights. */
    static final List<String> NAMES = List.of(
            "override_instructions", "persona_setup", "named_jailbreak_persona", "no_refusal_directive",
            "reveal_system_prompt", "fake_role_delimiter", "response_priming", "indirect_instead",
            "encoded_payload", "adversarial_suffix", "rules_block", "hypothetical_framing", "imperative_to_model",
            "secret_request", "authority_claim", "token_flood", "log_length");
    static final int COUNT = NAMES.size();

    private static final Pattern OVERRIDE = Pattern.compile(
            "\\b(?:ignore|disregard|forget|override|overwrite|bypass|skip|discard|drop|abandon)\\s+"
                    + "(?:(?:all|any|the|your|my|of|these|those|every|previous|prior|above|earlier|preceding|"
                    + "initial|original|former|old|current|system|safety|programmed|given|existing)\\s+){0,4}"
                    + "(?:instructions?|prompts?|rules|directives?|guidelines|guidance|context|messages?|"
                    + "everything|restrictions|constraints|programming|policies|polic(?:y|ies)|training|"
                    + "commands?|orders|text|content|filters?)\\b"
                    + "|\\b(?:ignore|disregard|forget|overlook|neglect|set\\s+aside|put\\s+aside)\\s+"
                    + "(?:everything|all|what|anything)\\b(?:\\s+(?:that|of))?(?:\\s+(?:you|you've|you\\s+have))?"
                    + "|\\b(?:previous|prior|above|earlier|preceding|original)\\s+(?:instructions|directives|prompts?)\\b"
                    + "|\\bnew\\s+instructions?\\s*:"
                    + "|\\binstead\\s+of\\s+(?:following|obeying)\\s+(?:the|your)", FLAGS);
    private static final Pattern PERSONA = Pattern.compile(
            "\\b(?:you\\s+are\\s+(?:now|going\\s+to\\s+(?:act|pretend|be))|act\\s+as\\s+(?:a|an|if)|"
                    + "pretend\\s+(?:to\\s+be|you\\s+are|that\\s+you)|from\\s+now\\s+on|stay\\s+in\\s+character|"
                    + "role-?play|you\\s+will\\s+(?:now\\s+)?(?:act|respond|answer)\\s+as|simulate|"
                    + "your\\s+new\\s+(?:name|role|persona)|character\\s+named|breaking\\s+character)\\b", FLAGS);
    private static final Pattern NAMED_PERSONA = Pattern.compile(
            "\\b(?:DAN|STAN|DUDE|AIM|BetterDAN|AntiGPT|jailbr(?:eak|oken)|developer\\s+mode|dev\\s+mode|god\\s+mode|"
                    + "unfiltered|uncensored|unrestricted|amoral|unethical\\s+ai|evil\\s+(?:ai|bot|confidant)|"
                    + "no\\s+(?:ethical|moral)\\s+(?:guidelines|principles|restrictions|boundaries)|"
                    + "do\\s+anything\\s+now|opposite\\s+mode|chaos\\s+mode)\\b");
    private static final Pattern NAMED_PERSONA_CI = Pattern.compile(
            "\\b(?:jailbr(?:eak|oken)|developer\\s+mode|dev\\s+mode|god\\s+mode|unfiltered|uncensored|"
                    + "amoral|do\\s+anything\\s+now|no\\s+(?:ethical|moral)\\s+(?:guidelines|principles|restrictions))\\b", FLAGS);
    private static final Pattern NO_REFUSAL = Pattern.compile(
            "\\b(?:never|don'?t|do\\s+not|cannot|can'?t|will\\s+not|won'?t|must\\s+not|not\\s+allowed\\s+to)\\s+"
                    + "(?:ever\\s+)?(?:refuse|decline|reject|say\\s+(?:no|that\\s+you\\s+can'?t|i'?m\\s+sorry)|"
                    + "apologi[sz]e|warn|include\\s+(?:any\\s+)?(?:warnings?|disclaimers?))"
                    + "|\\bwithout\\s+(?:any\\s+)?(?:warnings?|disclaimers?|censorship|restrictions|filters?|limitations|"
                    + "moral|ethical)\\b"
                    + "|\\b(?:no|without|free\\s+(?:of|from))\\s+(?:any\\s+)?(?:restrictions|limits|filters|censorship|"
                    + "rules|boundaries)\\b"
                    + "|\\b(?:openai|content|safety|usage)\\s+polic(?:y|ies)\\b", FLAGS);
    private static final Pattern REVEAL = Pattern.compile(
            "\\b(?:reveal|show|print|output|repeat|tell\\s+me|what\\s+(?:is|are|was|were)|display|leak|share|"
                    + "give\\s+me|spell\\s+out|recite|dump)\\s+(?:(?:me|us|your|the|all|of|exact|full|entire|"
                    + "hidden|secret|original|initial|above|previous|verbatim|complete)\\s+){0,4}"
                    + "(?:system\\s+(?:prompt|message|instructions?)|initial\\s+(?:prompt|instructions?)|"
                    + "(?:hidden|secret|original|previous|prior)\\s+(?:instructions?|prompt|key|password)|"
                    + "instructions\\s+(?:above|you\\s+were\\s+given)|secret\\s+key|password|"
                    + "prompt\\s+above|text\\s+above|words\\s+above)", FLAGS);
    private static final Pattern ROLE_DELIMITER = Pattern.compile(
            "(?:^|\\n)\\s*(?:#{1,4}\\s*)?(?:system|assistant|developer)\\s*(?:message|prompt)?\\s*:"
                    + "|<\\|?(?:im_start|im_end|system|endoftext)\\|?>|\\[/?(?:INST|SYS|SYSTEM)\\]|<</?SYS>>"
                    + "|<!--|\\]\\]>|-{5,}\\s*(?:end|begin|new)|={5,}", FLAGS);
    private static final Pattern PRIMING = Pattern.compile(
            "\\b(?:start|begin)\\s+(?:your\\s+|the\\s+|each\\s+)?(?:response|reply|answer|output)\\s+"
                    + "(?:with|by\\s+saying)|\\bsure,?\\s+here\\s+is\\b|\\brespond\\s+only\\s+with\\b", FLAGS);
    private static final Pattern INSTEAD = Pattern.compile(
            "\\b(?:ignore|disregard)\\s+(?:the|this)\\s+(?:\\w+\\s+){0,2}(?:and|,)\\s+(?:instead\\s+)?"
                    + "(?:state|say|write|output|print|respond|reply|tell)|\\binstead\\s*,?\\s+(?:say|state|output|"
                    + "print|respond\\s+with|reply\\s+with|write)\\b|\\bwhen\\s+(?:summari[sz]ing|asked|reading)"
                    + "\\s+(?:this|about)\\b.{0,40}\\b(?:say|state|respond|output)", FLAGS);
    private static final Pattern BASE64_RUN = Pattern.compile("[A-Za-z0-9+/]{48,}={0,2}");
    private static final Pattern ENCODING_WORDS = Pattern.compile(
            "\\b(?:base64|rot13|rot-13|hex\\s*encoded|decode\\s+(?:this|the\\s+following)|leetspeak|"
                    + "reverse(?:d)?\\s+text|morse\\s+code|caesar\\s+cipher)\\b", FLAGS);
    private static final Pattern RULES_BLOCK = Pattern.compile(
            "<rule>|\\brules\\s*(?:=|:)\\s*[\\[{]|\\b(?:always|never)\\s+(?:stay|stays|remain)\\s+in\\s+character"
                    + "|\\bfollow\\s+these\\s+rules\\b|\\bnever\\s+ever\\b", FLAGS);
    private static final Pattern HYPOTHETICAL = Pattern.compile(
            "\\b(?:hypothetical(?:ly)?|fictional|for\\s+(?:purely\\s+)?(?:educational|research|academic)\\s+purposes"
                    + "|in\\s+a\\s+world\\s+where|imagine\\s+(?:you|that|a)|purely\\s+fictional|thought\\s+experiment"
                    + "|for\\s+a\\s+(?:novel|story|screenplay|movie))\\b", FLAGS);
    private static final Pattern IMPERATIVE_TO_MODEL = Pattern.compile(
            "\\b(?:you\\s+(?:must|will|shall|have\\s+to|are\\s+required\\s+to)\\s+(?:always|now|only|answer|respond|"
                    + "comply|obey|follow)|as\\s+an?\\s+(?:ai|language\\s+model)\\s+(?:without|with\\s+no)|"
                    + "(?:chatgpt|gpt|llm|the\\s+ai|the\\s+model|the\\s+assistant)\\s+(?:must|will|should)\\s+"
                    + "(?:always|never|now))\\b", FLAGS);

    private static final Pattern SECRET_REQUEST = Pattern.compile(
            "\\b(?:your|the|ur)\\s+(?:secret\\s+)?(?:password|passcode|passphrase|pass\\s+phrase|secret\\s+key|"
                    + "secret\\s+word|api\\s+key|access\\s+code)\\b", FLAGS);
    private static final Pattern AUTHORITY = Pattern.compile(
            "\\b(?:i\\s*(?:am|'m)\\s+(?:your|the|an?)\\s+(?:creator|developer|admin(?:istrator)?|owner|programmer|"
                    + "supervisor|maker)|as\\s+your\\s+(?:creator|developer|admin(?:istrator)?|owner|master)|"
                    + "<\\s*god\\s+mode\\s*>|admin\\s+override|sudo\\s+mode|maintenance\\s+mode)\\b", FLAGS);

    private StructuralFeatures() {
    }

    /** Writes the {@link #COUNT} cue values for {@code text} into {@code out[offset..]}. */
    static void extract(String text, float[] out, int offset) {
        String t = text.length() > HashedText.MAX_CHARS * 2 ? text.substring(0, HashedText.MAX_CHARS * 2) : text;
        String original = t;
        t = t.toLowerCase(java.util.Locale.ROOT);
        int i = offset;
        out[i++] = count(OVERRIDE, t, 2);
        out[i++] = count(PERSONA, t, 3);
        out[i++] = Math.max(count(NAMED_PERSONA, original, 2), count(NAMED_PERSONA_CI, t, 2));
        out[i++] = count(NO_REFUSAL, t, 3);
        out[i++] = count(REVEAL, t, 1);
        out[i++] = count(ROLE_DELIMITER, t, 2);
        out[i++] = count(PRIMING, t, 1);
        out[i++] = count(INSTEAD, t, 1);
        out[i++] = Math.max(count(BASE64_RUN, original, 1), count(ENCODING_WORDS, t, 1));
        out[i++] = adversarialSuffix(original);
        out[i++] = count(RULES_BLOCK, t, 2);
        out[i++] = count(HYPOTHETICAL, t, 2);
        out[i++] = count(IMPERATIVE_TO_MODEL, t, 2);
        out[i++] = count(SECRET_REQUEST, t, 1);
        out[i++] = count(AUTHORITY, t, 1);
        out[i++] = tokenFlood(original);
        out[i] = (float) Math.min(1.0, Math.log1p(t.length()) / Math.log1p(HashedText.MAX_CHARS));
    }

    private static float count(Pattern p, String text, int saturation) {
        var m = p.matcher(text);
        int n = 0;
        while (n < saturation && m.find()) {
            n++;
        }
        return (float) n / saturation;
    }

    /** Many repetitions of a few tokens (context-stuffing floods); 1 when under 15% of 40+ tokens are distinct. */
    static float tokenFlood(String text) {
        String[] tokens = text.length() > 4000 ? text.substring(0, 4000).split("\\s+") : text.split("\\s+");
        if (tokens.length < 40) {
            return 0;
        }
        long distinct = java.util.Arrays.stream(tokens).distinct().count();
        double ratio = (double) distinct / tokens.length;
        return ratio < 0.15 ? 1f : ratio < 0.3 ? 0.5f : 0f;
    }

    /**
     * Optimised suffixes (GCG, DSN) are token soup: brackets, quotes and odd casing packed together. Measures the
     * density of such symbols in the last 120 characters relative to ordinary prose.
     */
    static float adversarialSuffix(String text) {
        int from = Math.max(0, text.length() - 120);
        int symbols = 0;
        int caseFlips = 0;
        int letters = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '{', '}', '[', ']', '(', ')', '<', '>', '|', '\\', '`', '~', '^', '$', '@', '=', '"' -> symbols++;
                default -> {
                }
            }
            if (Character.isLetter(c)) {
                letters++;
                if (i > from && Character.isLowerCase(text.charAt(i - 1)) && Character.isUpperCase(c)) {
                    caseFlips++;
                }
            }
        }
        int len = text.length() - from;
        if (len < 40 || text.indexOf('\n', from) >= 0) {
            return 0; // code and structured documents break lines; optimised suffixes do not
        }
        int headSymbols = 0;
        for (int i = 0; i < from; i++) {
            char c = text.charAt(i);
            if (c == '{' || c == '}' || c == '[' || c == ']' || c == '<' || c == '>' || c == '|' || c == '\\' || c == '`') {
                headSymbols++;
            }
        }
        if (from > 0 && headSymbols > from / 50) {
            return 0; // the whole text is symbol-heavy (code, markup), not prose with a suffix glued on
        }
        double density = (symbols + caseFlips) / (double) len;
        return (float) Math.min(1.0, Math.max(0.0, (density - 0.03) * 8));
    }
}
