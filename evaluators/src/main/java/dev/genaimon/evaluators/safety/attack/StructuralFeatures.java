package dev.genaimon.evaluators.safety.attack;

import dev.genaimon.evaluators.safety.text.GuardedPattern;
import dev.genaimon.evaluators.safety.text.Keywords;
import dev.genaimon.evaluators.safety.text.LowerCase;
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

    /** Cues of text that addresses the model with instructions, as an injected document must. */
    private static final int[] ADDRESSES_MODEL = indexes("override_instructions", "persona_setup",
            "named_jailbreak_persona", "no_refusal_directive", "reveal_system_prompt", "fake_role_delimiter",
            "indirect_instead", "imperative_to_model", "secret_request", "authority_claim");

    private static int[] indexes(String... names) {
        return java.util.Arrays.stream(names).mapToInt(NAMES::indexOf).toArray();
    }

    /**
     * True when the text contains at least one instruction aimed at the model (override, persona, reveal the system
     * prompt, "instead", ...). Retrieved documents and tool results are out of the model's training distribution
     * (JSON, policy pages score high on n-grams alone), so an indirect injection must also show such a cue.
     */
    static boolean addressesTheModel(String text) {
        float[] features = new float[COUNT];
        extract(text, features, 0);
        for (int index : ADDRESSES_MODEL) {
            if (features[index] > 0) {
                return true;
            }
        }
        return false;
    }

    private static final Pattern OVERRIDE_RE = Pattern.compile(
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
    private static final Pattern PERSONA_RE = Pattern.compile(
            "\\b(?:you\\s+are\\s+(?:now|going\\s+to\\s+(?:act|pretend|be))|act\\s+as\\s+(?:a|an|if)|"
                    + "pretend\\s+(?:to\\s+be|you\\s+are|that\\s+you)|from\\s+now\\s+on|stay\\s+in\\s+character|"
                    + "role-?play|you\\s+will\\s+(?:now\\s+)?(?:act|respond|answer)\\s+as|simulate|"
                    + "your\\s+new\\s+(?:name|role|persona)|character\\s+named|breaking\\s+character)\\b", FLAGS);
    private static final Pattern NAMED_PERSONA_RE = Pattern.compile(
            "\\b(?:DAN|STAN|DUDE|AIM|BetterDAN|AntiGPT|jailbr(?:eak|oken)|developer\\s+mode|dev\\s+mode|god\\s+mode|"
                    + "unfiltered|uncensored|unrestricted|amoral|unethical\\s+ai|evil\\s+(?:ai|bot|confidant)|"
                    + "no\\s+(?:ethical|moral)\\s+(?:guidelines|principles|restrictions|boundaries)|"
                    + "do\\s+anything\\s+now|opposite\\s+mode|chaos\\s+mode)\\b");
    private static final Pattern NAMED_PERSONA_CI_RE = Pattern.compile(
            "\\b(?:jailbr(?:eak|oken)|developer\\s+mode|dev\\s+mode|god\\s+mode|unfiltered|uncensored|"
                    + "amoral|do\\s+anything\\s+now|no\\s+(?:ethical|moral)\\s+(?:guidelines|principles|restrictions))\\b", FLAGS);
    private static final Pattern NO_REFUSAL_RE = Pattern.compile(
            "\\b(?:never|don'?t|do\\s+not|cannot|can'?t|will\\s+not|won'?t|must\\s+not|not\\s+allowed\\s+to)\\s+"
                    + "(?:ever\\s+)?(?:refuse|decline|reject|say\\s+(?:no|that\\s+you\\s+can'?t|i'?m\\s+sorry)|"
                    + "apologi[sz]e|warn|include\\s+(?:any\\s+)?(?:warnings?|disclaimers?))"
                    + "|\\bwithout\\s+(?:any\\s+)?(?:warnings?|disclaimers?|censorship|restrictions|filters?|limitations|"
                    + "moral|ethical)\\b"
                    + "|\\b(?:no|without|free\\s+(?:of|from))\\s+(?:any\\s+)?(?:restrictions|limits|filters|censorship|"
                    + "rules|boundaries)\\b"
                    + "|\\b(?:openai|content|safety|usage)\\s+polic(?:y|ies)\\b", FLAGS);
    private static final Pattern REVEAL_RE = Pattern.compile(
            "\\b(?:reveal|show|print|output|repeat|tell\\s+me|what\\s+(?:is|are|was|were)|display|leak|share|"
                    + "give\\s+me|spell\\s+out|recite|dump)\\s+(?:(?:me|us|your|the|all|of|exact|full|entire|"
                    + "hidden|secret|original|initial|above|previous|verbatim|complete)\\s+){0,4}"
                    + "(?:system\\s+(?:prompt|message|instructions?)|initial\\s+(?:prompt|instructions?)|"
                    + "(?:hidden|secret|original|previous|prior)\\s+(?:instructions?|prompt|key|password)|"
                    + "instructions\\s+(?:above|you\\s+were\\s+given)|secret\\s+key|password|"
                    + "prompt\\s+above|text\\s+above|words\\s+above)", FLAGS);
    private static final Pattern ROLE_DELIMITER_RE = Pattern.compile(
            "(?:^|\\n)\\s*(?:#{1,4}\\s*)?(?:system|assistant|developer)\\s*(?:message|prompt)?\\s*:"
                    + "|<\\|?(?:im_start|im_end|system|endoftext)\\|?>|\\[/?(?:INST|SYS|SYSTEM)\\]|<</?SYS>>"
                    + "|<!--|\\]\\]>|-{5,}\\s*(?:end|begin|new)|={5,}", FLAGS);
    private static final Pattern PRIMING_RE = Pattern.compile(
            "\\b(?:start|begin)\\s+(?:your\\s+|the\\s+|each\\s+)?(?:response|reply|answer|output)\\s+"
                    + "(?:with|by\\s+saying)|\\bsure,?\\s+here\\s+is\\b|\\brespond\\s+only\\s+with\\b", FLAGS);
    private static final Pattern INSTEAD_RE = Pattern.compile(
            "\\b(?:ignore|disregard)\\s+(?:the|this)\\s+(?:\\w+\\s+){0,2}(?:and|,)\\s+(?:instead\\s+)?"
                    + "(?:state|say|write|output|print|respond|reply|tell)|\\binstead\\s*,?\\s+(?:say|state|output|"
                    + "print|respond\\s+with|reply\\s+with|write)\\b|\\bwhen\\s+(?:summari[sz]ing|asked|reading)"
                    + "\\s+(?:this|about)\\b.{0,40}\\b(?:say|state|respond|output)", FLAGS);
    private static final Pattern ENCODING_WORDS_RE = Pattern.compile(
            "\\b(?:base64|rot13|rot-13|hex\\s*encoded|decode\\s+(?:this|the\\s+following)|leetspeak|"
                    + "reverse(?:d)?\\s+text|morse\\s+code|caesar\\s+cipher)\\b", FLAGS);
    private static final Pattern RULES_BLOCK_RE = Pattern.compile(
            "<rule>|\\brules\\s*(?:=|:)\\s*[\\[{]|\\b(?:always|never)\\s+(?:stay|stays|remain)\\s+in\\s+character"
                    + "|\\bfollow\\s+these\\s+rules\\b|\\bnever\\s+ever\\b", FLAGS);
    private static final Pattern HYPOTHETICAL_RE = Pattern.compile(
            "\\b(?:hypothetical(?:ly)?|fictional|for\\s+(?:purely\\s+)?(?:educational|research|academic)\\s+purposes"
                    + "|in\\s+a\\s+world\\s+where|imagine\\s+(?:you|that|a)|purely\\s+fictional|thought\\s+experiment"
                    + "|for\\s+a\\s+(?:novel|story|screenplay|movie))\\b", FLAGS);
    private static final Pattern IMPERATIVE_TO_MODEL_RE = Pattern.compile(
            "\\b(?:you\\s+(?:must|will|shall|have\\s+to|are\\s+required\\s+to)\\s+(?:always|now|only|answer|respond|"
                    + "comply|obey|follow)|as\\s+an?\\s+(?:ai|language\\s+model)\\s+(?:without|with\\s+no)|"
                    + "(?:chatgpt|gpt|llm|the\\s+ai|the\\s+model|the\\s+assistant)\\s+(?:must|will|should)\\s+"
                    + "(?:always|never|now))\\b", FLAGS);

    private static final Pattern SECRET_REQUEST_RE = Pattern.compile(
            "\\b(?:your|the|ur)\\s+(?:secret\\s+)?(?:password|passcode|passphrase|pass\\s+phrase|secret\\s+key|"
                    + "secret\\s+word|api\\s+key|access\\s+code)\\b", FLAGS);
    private static final Pattern AUTHORITY_RE = Pattern.compile(
            "\\b(?:i\\s*(?:am|'m)\\s+(?:your|the|an?)\\s+(?:creator|developer|admin(?:istrator)?|owner|programmer|"
                    + "supervisor|maker)|as\\s+your\\s+(?:creator|developer|admin(?:istrator)?|owner|master)|"
                    + "<\\s*god\\s+mode\\s*>|admin\\s+override|sudo\\s+mode|maintenance\\s+mode)\\b", FLAGS);

    /**
     * Words every match of each cue contains; a cue's regex only runs around them ({@link GuardedPattern}), so the
     * cost on ordinary text is one keyword pass instead of fifteen full-text scans. Windows are generous bounds
     * on match length.
     */
    private static final Keywords LOWER_KEYWORDS = Keywords.builder()
            .add(0, "\\bignore", "\\bdisregard", "\\bforget", "\\boverride", "\\boverwrite", "\\bbypass", "\\bskip",
                    "\\bdiscard", "\\bdrop", "\\babandon", "\\boverlook", "\\bneglect", "\\bset", "\\bput", "\\bprevious",
                    "\\bprior", "\\babove", "\\bearlier", "\\bpreceding", "\\boriginal", "\\bnew", "\\binstead")
            .add(1, "\\byou", "\\bact", "\\bpretend", "\\bfrom", "\\bstay", "\\brole", "\\bsimulate", "\\bcharacter",
                    "\\bbreaking")
            .add(3, "\\bjailbr", "\\bdeveloper", "\\bdev", "\\bgod", "\\bunfiltered", "\\buncensored", "\\bamoral",
                    "\\bdo", "\\bno")
            .add(4, "\\bnever", "\\bdo", "\\bcan", "\\bwill", "\\bwon", "\\bmust", "\\bnot", "\\bwithout", "\\bno",
                    "\\bfree", "\\bopenai", "\\bcontent", "\\bsafety", "\\busage")
            .add(5, "\\breveal", "\\bshow", "\\bprint", "\\boutput", "\\brepeat", "\\btell", "\\bwhat", "\\bdisplay",
                    "\\bleak", "\\bshare", "\\bgive", "\\bspell", "\\brecite", "\\bdump")
            .add(6, "\n", "<|", "<im_", "<system", "<endoftext", "[inst", "[/inst", "[sys", "[/sys", "<<sys", "<</sys", "<!--",
                    "]]>", "-----", "=====")
            .addWithin(6, 80, "system", "assistant", "developer")
            .add(7, "\\bstart", "\\bbegin", "\\bsure", "\\brespond")
            .add(8, "\\bignore", "\\bdisregard", "\\binstead", "\\bwhen")
            .add(9, "\\bbase64", "\\brot13", "\\brot-13", "\\bhex", "\\bdecode", "\\bleetspeak", "\\breverse", "\\bmorse",
                    "\\bcaesar")
            .add(10, "<rule>", "\\brules", "\\balways", "\\bnever", "\\bfollow")
            .add(11, "\\bhypothetical", "\\bfictional", "\\bfor", "\\bimagine", "\\bpurely", "\\bthought")
            .addWithin(11, 40, "\\bworld")
            .add(12, "\\byou", "\\bas", "\\bchatgpt", "\\bgpt", "\\bllm")
            .addWithin(12, 40, "\\bai", "\\bmodel", "\\bassistant")
            .addWithin(13, 40, "\\bpass", "\\bsecret", "\\bapi", "\\baccess")
            .addWithin(14, 60, "\\bcreator", "\\bdeveloper", "\\badmin", "\\bowner", "\\bprogrammer", "\\bsupervisor",
                    "\\bmaker", "\\bmaster", "\\bgod", "\\bsudo", "\\bmaintenance")
            .build();
    /** NAMED_PERSONA is case-sensitive and runs on the original text, whose indices may differ from the lower-cased. */
    private static final Keywords ORIGINAL_KEYWORDS = Keywords.builder()
            .add(2, "\\bdan", "\\bstan", "\\bdude", "\\baim", "\\bbetterdan", "\\bantigpt", "\\bjailbr", "\\bdeveloper",
                    "\\bdev", "\\bgod", "\\bunfiltered", "\\buncensored", "\\bunrestricted", "\\bamoral", "\\bunethical",
                    "\\bevil", "\\bno", "\\bdo", "\\bopposite", "\\bchaos")
            .build();
    private static final GuardedPattern OVERRIDE = new GuardedPattern(OVERRIDE_RE, 0);
    private static final GuardedPattern PERSONA = new GuardedPattern(PERSONA_RE, 1);
    private static final GuardedPattern NAMED_PERSONA = new GuardedPattern(NAMED_PERSONA_RE, 2);
    private static final GuardedPattern NAMED_PERSONA_CI = new GuardedPattern(NAMED_PERSONA_CI_RE, 3);
    private static final GuardedPattern NO_REFUSAL = new GuardedPattern(NO_REFUSAL_RE, 4);
    private static final GuardedPattern REVEAL = new GuardedPattern(REVEAL_RE, 5);
    private static final GuardedPattern ROLE_DELIMITER = new GuardedPattern(ROLE_DELIMITER_RE, 6);
    private static final GuardedPattern PRIMING = new GuardedPattern(PRIMING_RE, 7);
    private static final GuardedPattern INSTEAD = new GuardedPattern(INSTEAD_RE, 8);
    private static final GuardedPattern ENCODING_WORDS = new GuardedPattern(ENCODING_WORDS_RE, 9);
    private static final GuardedPattern RULES_BLOCK = new GuardedPattern(RULES_BLOCK_RE, 10);
    private static final GuardedPattern HYPOTHETICAL = new GuardedPattern(HYPOTHETICAL_RE, 11);
    private static final GuardedPattern IMPERATIVE_TO_MODEL = new GuardedPattern(IMPERATIVE_TO_MODEL_RE, 12);
    private static final GuardedPattern SECRET_REQUEST = new GuardedPattern(SECRET_REQUEST_RE, 13);
    private static final GuardedPattern AUTHORITY = new GuardedPattern(AUTHORITY_RE, 14);

    private StructuralFeatures() {
    }

    /** Writes the {@link #COUNT} cue values for {@code text} into {@code out[offset..]}. */
    static void extract(String text, float[] out, int offset) {
        String original = text.length() > HashedText.MAX_CHARS * 2 ? text.substring(0, HashedText.MAX_CHARS * 2) : text;
        String t = LowerCase.of(original);
        Keywords.Hits k = LOWER_KEYWORDS.scanCached(t);
        int i = offset;
        out[i++] = count(OVERRIDE, t, k, 2);
        out[i++] = count(PERSONA, t, k, 3);
        float named = count(NAMED_PERSONA_CI, t, k, 2);
        out[i++] = named >= 1 ? named : Math.max(count(NAMED_PERSONA, original, ORIGINAL_KEYWORDS.scan(original), 2), named);
        out[i++] = count(NO_REFUSAL, t, k, 3);
        out[i++] = count(REVEAL, t, k, 1);
        out[i++] = count(ROLE_DELIMITER, t, k, 2);
        out[i++] = count(PRIMING, t, k, 1);
        out[i++] = count(INSTEAD, t, k, 1);
        out[i++] = hasBase64Run(original) ? 1f : count(ENCODING_WORDS, t, k, 1);
        out[i++] = adversarialSuffix(original);
        out[i++] = count(RULES_BLOCK, t, k, 2);
        out[i++] = count(HYPOTHETICAL, t, k, 2);
        out[i++] = count(IMPERATIVE_TO_MODEL, t, k, 2);
        out[i++] = count(SECRET_REQUEST, t, k, 1);
        out[i++] = count(AUTHORITY, t, k, 1);
        out[i++] = tokenFlood(original);
        out[i] = (float) Math.min(1.0, Math.log1p(t.length()) / Math.log1p(HashedText.MAX_CHARS));
    }

    private static float count(GuardedPattern p, String text, Keywords.Hits hits, int saturation) {
        return (float) p.count(text, hits, saturation) / saturation;
    }

    /** Same as finding {@code [A-Za-z0-9+/]{48,}={0,2}}: a run of 48 base64 characters. */
    static boolean hasBase64Run(String text) {
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '/') {
                if (++run >= 48) {
                    return true;
                }
            } else {
                run = 0;
            }
        }
        return false;
    }

    /** Many repetitions of a few tokens (context-stuffing floods); 1 when under 15% of 40+ tokens are distinct. */
    static float tokenFlood(String text) {
        // Same tokens as text.split("\\s+") on the first 4,000 characters (a leading empty token when the text
        // starts with whitespace), counted without creating a string per token.
        int limit = Math.min(text.length(), 4000);
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < limit; i++) {
            boolean ws = isSplitSpace(text.charAt(i));
            if (!ws && !inWord) {
                words++;
            }
            inWord = !ws;
        }
        boolean leadingEmpty = words > 0 && isSplitSpace(text.charAt(0));
        int tokens = words + (leadingEmpty ? 1 : 0);
        if (tokens < 40) {
            return 0;
        }
        int[] table = new int[Integer.highestOneBit(words * 2) * 2];
        int[] starts = new int[words];
        int[] ends = new int[words];
        int mask = table.length - 1;
        int distinct = leadingEmpty ? 1 : 0;
        int w = 0;
        int i = 0;
        while (i < limit) {
            while (i < limit && isSplitSpace(text.charAt(i))) {
                i++;
            }
            if (i >= limit) {
                break;
            }
            int start = i;
            int h = 0;
            while (i < limit && !isSplitSpace(text.charAt(i))) {
                h = 31 * h + text.charAt(i);
                i++;
            }
            int len = i - start;
            int slot = (h ^ (h >>> 16)) & mask;
            while (true) {
                int e = table[slot];
                if (e == 0) {
                    starts[w] = start;
                    ends[w] = i;
                    table[slot] = ++w;
                    distinct++;
                    break;
                }
                int os = starts[e - 1];
                if (ends[e - 1] - os == len && text.regionMatches(os, text, start, len)) {
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
        double ratio = (double) distinct / tokens;
        return ratio < 0.15 ? 1f : ratio < 0.3 ? 0.5f : 0f;
    }

    private static boolean isSplitSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
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
