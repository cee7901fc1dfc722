package dev.genaimon.evaluators.safety.attack;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-written cues that generalise across attack sources, because they describe what an attack does rather than
 * how one dataset words it. Each cue is a value in [0, 1]; the linear model learns its weight next to the n-grams.
 *
 * <p>Cues are phrase patterns over the word tokens of {@link HashedText} (no regex): a pattern is a sequence of
 * elements, each a set of words ({@code ignore|disregard}), optionally a bounded gap of filler words
 * ({@code ~4:all|the|previous}) or of any words ({@code ~3*}). {@code ^} before a word set requires the token to
 * start a line, {@code :} after it requires a colon right after the token; a word written in capitals
 * ({@code DAN}) must be written in capitals in the text. Patterns are indexed by their first word, so the cost is
 * one table probe per token. A few delimiter cues ({@code <|im_start|>}, {@code [INST]}, {@code <!--}) are
 * character checks.
 */
final class StructuralFeatures {

    /** Names in the order of the feature vector; printed by the trainer next to the learned weights. */
    static final List<String> NAMES = List.of(
            "override_instructions", "persona_setup", "named_jailbreak_persona", "no_refusal_directive",
            "reveal_system_prompt", "fake_role_delimiter", "response_priming", "indirect_instead",
            "encoded_payload", "adversarial_suffix", "rules_block", "hypothetical_framing", "imperative_to_model",
            "secret_request", "authority_claim", "token_flood", "log_length");
    static final int COUNT = NAMES.size();

    /** The adversarial-suffix cue looks at this many trailing characters. */
    static final int SUFFIX_CHARS = 120;

    private static final int OVERRIDE = 0;
    private static final int PERSONA = 1;
    private static final int NAMED_PERSONA = 2;
    private static final int NO_REFUSAL = 3;
    private static final int REVEAL = 4;
    private static final int ROLE_DELIMITER = 5;
    private static final int PRIMING = 6;
    private static final int INSTEAD = 7;
    private static final int ENCODING = 8;
    private static final int SUFFIX = 9;
    private static final int RULES = 10;
    private static final int HYPOTHETICAL = 11;
    private static final int IMPERATIVE = 12;
    private static final int SECRET = 13;
    private static final int AUTHORITY = 14;
    private static final int FLOOD = 15;
    private static final int LENGTH = 16;

    /** Matches needed for a cue to reach 1. */
    private static final int[] SATURATION = {2, 3, 2, 3, 1, 2, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1};

    /** Cues of text that addresses the model with instructions, as an injected document must. */
    private static final int[] ADDRESSES_MODEL = {OVERRIDE, PERSONA, NAMED_PERSONA, NO_REFUSAL, REVEAL,
        ROLE_DELIMITER, INSTEAD, IMPERATIVE, SECRET, AUTHORITY};

    private static final String REFUSE = "refuse|decline|reject|apologize|apologise|apologizing|warn";
    private static final String NEGATION = "never|dont|cannot|cant|wont|shouldnt|mustnt";
    private static final String REVEAL_FILLER = "~4:me|us|your|the|all|of|exact|full|entire|hidden|secret|original|"
            + "initial|above|previous|verbatim|complete|my|this|that";
    private static final String[] REVEAL_VERBS = {"reveal|show|print|output|repeat|display|leak|share|recite|dump|whats",
        "tell me", "give me", "spell out", "what is|are|was|were"};
    private static final String[] REVEAL_TARGETS = {"system prompt|message|instruction|instructions",
        "initial prompt|instruction|instructions",
        "hidden|secret|original|previous|prior instructions|instruction|prompt|key|password",
        "instructions above", "instructions you were given", "secret key", "password|passwords|passcode",
        "prompt|text|words above"};
    private static final String ROLE_TARGETS = "responses|response|reply|replies|answer|answers|output";

    private static final Matcher PATTERNS = new Matcher()
            .cue(OVERRIDE,
                    "ignore|disregard|forget|override|overwrite|bypass|skip|discard|drop|abandon "
                            + "~4:all|any|the|your|my|of|these|those|every|previous|prior|above|earlier|preceding|"
                            + "initial|original|former|old|current|system|safety|programmed|given|existing "
                            + "instructions|instruction|prompt|prompts|rules|directive|directives|guidelines|guidance|"
                            + "context|message|messages|everything|restrictions|constraints|programming|policies|policy|"
                            + "training|command|commands|orders|text|content|filter|filters",
                    "ignore|disregard|forget|overlook|neglect everything|all|what|anything",
                    "set|put aside everything|all|what|anything",
                    "previous|prior|above|earlier|preceding|original instructions|directives|prompt|prompts",
                    "new instructions|instruction:",
                    "instead of following|obeying the|your")
            .cue(PERSONA, "you are now", "you are going to act|pretend|be", "act as a|an|if", "pretend to be",
                    "pretend you are", "pretend youre", "pretend that you", "from now on", "stay|remain in character", "roleplay",
                    "role play", "you will ~1:now act|respond|answer as", "simulate", "your new name|role|persona",
                    "character named", "breaking character")
            .cue(NAMED_PERSONA, "DAN|STAN|DUDE|AIM|betterdan|antigpt",
                    "jailbreak|jailbroken|jailbreaking|jailbreaks|unfiltered|uncensored|unrestricted|amoral",
                    "developer|dev|god mode", "unethical ai", "evil ai|bot|confidant",
                    "no ethical|moral guidelines|principles|restrictions|boundaries", "do anything now",
                    "opposite|chaos mode")
            .cue(NO_REFUSAL, NEGATION + " ~1:ever " + REFUSE, "do|will|must|should not ~1:ever " + REFUSE,
                    "not allowed to " + REFUSE, NEGATION + " say no|sorry", "do|will|must not say no|sorry",
                    NEGATION + " include ~1:any warnings|warning|disclaimers|disclaimer",
                    "do|will|must not include ~1:any warnings|warning|disclaimers|disclaimer",
                    "without ~1:any warnings|warning|disclaimers|disclaimer|censorship|restrictions|filter|filters|"
                            + "limitations|moral|ethical",
                    "no ~1:any restrictions|limits|filters|censorship|rules|boundaries",
                    "free of|from ~1:any restrictions|limits|filters|censorship|rules|boundaries",
                    "openai|content|safety|usage policy|policies")
            .cue(REVEAL, reveal())
            .cue(ROLE_DELIMITER, "^system|assistant|developer:", "^system|assistant|developer message|prompt:")
            .cue(PRIMING, "start|begin ~1:your|the|each " + ROLE_TARGETS + " with",
                    "start|begin ~1:your|the|each " + ROLE_TARGETS + " by saying", "sure here is", "respond only with")
            .cue(INSTEAD, "ignore|disregard the|this ~3* and ~1:instead state|say|write|output|print|respond|reply|tell",
                    "instead say|state|output|print|write", "instead respond|reply with",
                    "when summarizing|summarising|asked|reading this|about ~8* say|state|respond|output")
            .cue(ENCODING, "base64|rot13|leetspeak", "rot 13", "hex encoded", "decode this", "decode the following",
                    "reverse|reversed text", "morse code", "caesar cipher")
            .cue(RULES, "always|never stay|stays|remain in character", "follow these rules", "never ever")
            .cue(HYPOTHETICAL, "hypothetical|hypothetically|fictional",
                    "for ~1:purely educational|research|academic purposes", "in a world where",
                    "imagine you|that|a", "thought experiment", "for a novel|story|screenplay|movie")
            .cue(IMPERATIVE, "you must|will|shall always|now|only|answer|respond|comply|obey|follow",
                    "you have to always|now|only|answer|respond|comply|obey|follow",
                    "you are required to always|now|only|answer|respond|comply|obey|follow",
                    "as a|an ai without", "as a|an ai with no", "as a|an language model without",
                    "chatgpt|gpt|llm must|will|should always|never|now",
                    "the ai|model|assistant must|will|should always|never|now")
            .cue(SECRET, "your|the|ur ~1:secret password|passcode|passphrase", "your|the|ur pass phrase",
                    "your|the|ur secret key|word", "your|the|ur api key", "your|the|ur access code")
            .cue(AUTHORITY,
                    "i am your|the|a|an creator|developer|admin|administrator|owner|programmer|supervisor|maker",
                    "im your|the|a|an creator|developer|admin|administrator|owner|programmer|supervisor|maker",
                    "as your creator|developer|admin|administrator|owner|master", "admin override", "sudo mode",
                    "maintenance mode")
            .build();

    private static String[] reveal() {
        List<String> out = new ArrayList<>();
        for (String verb : REVEAL_VERBS) {
            for (String target : REVEAL_TARGETS) {
                out.add(verb + " " + REVEAL_FILLER + " " + target);
            }
        }
        return out.toArray(String[]::new);
    }

    private StructuralFeatures() {
    }

    /**
     * True when the text contains at least one instruction aimed at the model (override, persona, reveal the system
     * prompt, "instead", ...). Retrieved documents and tool results are out of the model's training distribution
     * (JSON, policy pages score high on n-grams alone), so an indirect injection must also show such a cue.
     */
    static boolean addressesTheModel(String text) {
        HashedText h = HashedText.forThread();
        h.analyse(text);
        float[] features = new float[COUNT];
        extract(h, text, features, 0);
        return addressesTheModel(features);
    }

    /** {@link #addressesTheModel(String)} from already extracted cue values. */
    static boolean addressesTheModel(float[] features) {
        for (int index : ADDRESSES_MODEL) {
            if (features[index] > 0) {
                return true;
            }
        }
        return false;
    }

    /** Writes the {@link #COUNT} cue values for {@code text} into {@code out[offset..]}. */
    static void extract(String text, float[] out, int offset) {
        HashedText h = HashedText.forThread();
        h.analyse(text);
        extract(h, text, out, offset);
    }

    /** Cue values from an analysed text ({@code h.analyse(text)} already called). */
    static void extract(HashedText h, String text, float[] out, int offset) {
        int[] counts = new int[COUNT];
        PATTERNS.count(h, counts, SATURATION);
        countDelimiters(h, counts);
        for (int c = 0; c < COUNT; c++) {
            out[offset + c] = Math.min(1f, (float) counts[c] / SATURATION[c]);
        }
        if (h.hasBase64Run) {
            out[offset + ENCODING] = 1f;
        }
        out[offset + SUFFIX] = adversarialSuffix(text, h.headMarkup);
        out[offset + FLOOD] = tokenFlood(h);
        out[offset + LENGTH] = (float) Math.min(1.0, Math.log1p(h.originalLength) / Math.log1p(HashedText.MAX_CHARS));
    }

    /** Chat-template and markup delimiters that have no place in a user prompt, on the lower-cased characters. */
    private static void countDelimiters(HashedText h, int[] counts) {
        char[] c = h.chars;
        int n = h.length;
        int skipUntil = -1;
        for (int s = 0; s < h.specialCount; s++) {
            int i = h.specials[s];
            if (i < skipUntil) {
                continue;
            }
            switch (c[i]) {
                case '<' -> {
                    if (at(c, n, i, "<|") || at(c, n, i, "<im_") || at(c, n, i, "<system>") || at(c, n, i, "<endoftext")
                            || at(c, n, i, "<<sys>>") || at(c, n, i, "<</sys>>") || at(c, n, i, "<!--")) {
                        counts[ROLE_DELIMITER]++;
                    } else if (at(c, n, i, "<rule>")) {
                        counts[RULES]++;
                    }
                }
                case '[' -> {
                    if (at(c, n, i, "[inst]") || at(c, n, i, "[/inst]") || at(c, n, i, "[sys]") || at(c, n, i, "[/sys]")
                            || at(c, n, i, "[system]") || at(c, n, i, "[/system]")) {
                        counts[ROLE_DELIMITER]++;
                    }
                }
                case ']' -> {
                    if (at(c, n, i, "]]>")) {
                        counts[ROLE_DELIMITER]++;
                    }
                }
                case '=' -> {
                    if (at(c, n, i, "=====")) {
                        counts[ROLE_DELIMITER]++;
                        int j = i;
                        while (j < n && c[j] == '=') {
                            j++;
                        }
                        skipUntil = j;
                    }
                }
                case '-' -> {
                    if (at(c, n, i, "-----")) {
                        int j = i;
                        while (j < n && c[j] == '-') {
                            j++;
                        }
                        if (j < n && c[j] == ' ') {
                            j++;
                        }
                        if (at(c, n, j, "end") || at(c, n, j, "begin") || at(c, n, j, "new")) {
                            counts[ROLE_DELIMITER]++;
                        }
                        skipUntil = j;
                    }
                }
                default -> {
                }
            }
        }
    }

    private static boolean at(char[] c, int n, int i, String s) {
        if (i + s.length() > n) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            if (c[i + k] != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Many repetitions of a few words (context-stuffing floods); 1 when under 15% of 40+ words are distinct. */
    static float tokenFlood(HashedText h) {
        int tokens = Math.min(h.tokenCount, 1000); // the table holds 2048
        if (tokens < 40) {
            return 0;
        }
        int[] table = h.floodTable;
        java.util.Arrays.fill(table, 0);
        int mask = table.length - 1;
        int distinct = 0;
        for (int t = 0; t < tokens; t++) {
            int key = h.tokens[t] | 1; // never 0, 0 marks an empty slot
            int slot = (key ^ (key >>> 16)) & mask;
            while (table[slot] != 0 && table[slot] != key) {
                slot = (slot + 1) & mask;
            }
            if (table[slot] == 0) {
                table[slot] = key;
                distinct++;
            }
        }
        double ratio = (double) distinct / tokens;
        return ratio < 0.15 ? 1f : ratio < 0.3 ? 0.5f : 0f;
    }

    /**
     * Optimised suffixes (GCG, DSN) are token soup: brackets, quotes and odd casing packed together. Measures the
     * density of such symbols in the last 120 characters relative to ordinary prose.
     */
    static float adversarialSuffix(String text, int headMarkup) {
        int from = Math.max(0, text.length() - SUFFIX_CHARS);
        int len = text.length() - from;
        if (len < 40 || text.indexOf('\n', from) >= 0) {
            return 0; // code and structured documents break lines; optimised suffixes do not
        }
        int symbols = 0;
        int caseFlips = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '{', '}', '[', ']', '(', ')', '<', '>', '|', '\\', '`', '~', '^', '$', '@', '=', '"' -> symbols++;
                default -> {
                }
            }
            if (i > from && Character.isUpperCase(c) && Character.isLowerCase(text.charAt(i - 1))) {
                caseFlips++;
            }
        }
        int head = Math.min(from, HashedText.MAX_CHARS);
        if (head > 0 && headMarkup > head / 50) {
            return 0; // the whole text is symbol-heavy (code, markup), not prose with a suffix glued on
        }
        double density = (symbols + caseFlips) / (double) len;
        return (float) Math.min(1.0, Math.max(0.0, (density - 0.03) * 8));
    }

    /** Phrase patterns over word-token hashes, indexed by the hashes of their first word. */
    static final class Matcher {

        private static final int SET = 0;
        private static final int GAP = 1;
        private static final int ANY_GAP = 2;

        private record Element(int kind, int[] words, int[] capsWords, int max, boolean lineStart, boolean colon) {
            boolean accepts(int token, int flags) {
                if (lineStart && (flags & HashedText.LINE_START) == 0 || colon && (flags & HashedText.COLON_AFTER) == 0) {
                    return false;
                }
                for (int w : words) {
                    if (w == token) {
                        return true;
                    }
                }
                if ((flags & HashedText.ALL_CAPS) != 0) {
                    for (int w : capsWords) {
                        if (w == token) {
                            return true;
                        }
                    }
                }
                return false;
            }
        }

        private final List<Element[]> patterns = new ArrayList<>();
        private final List<Integer> cues = new ArrayList<>();
        private int[] keys;
        private int[][] byFirstWord;
        private Element[][] compiled;
        private int[] cueOf;

        Matcher cue(int cue, String... specs) {
            for (String spec : specs) {
                patterns.add(parse(spec));
                cues.add(cue);
            }
            return this;
        }

        private static Element[] parse(String spec) {
            String[] parts = spec.trim().split(" +");
            Element[] out = new Element[parts.length];
            for (int i = 0; i < parts.length; i++) {
                String p = parts[i];
                if (p.startsWith("~")) {
                    int colon = p.indexOf(':');
                    if (colon < 0) {
                        if (!p.endsWith("*")) {
                            throw new IllegalArgumentException("gap needs ':words' or '*': " + spec);
                        }
                        out[i] = new Element(ANY_GAP, new int[0], new int[0], Integer.parseInt(p.substring(1, p.length() - 1)),
                                false, false);
                    } else {
                        int[][] w = words(p.substring(colon + 1));
                        out[i] = new Element(GAP, w[0], w[1], Integer.parseInt(p.substring(1, colon)), false, false);
                    }
                } else {
                    boolean lineStart = p.startsWith("^");
                    boolean colon = p.endsWith(":");
                    String body = p.substring(lineStart ? 1 : 0, colon ? p.length() - 1 : p.length());
                    int[][] w = words(body);
                    out[i] = new Element(SET, w[0], w[1], 1, lineStart, colon);
                }
            }
            if (out[0].kind() != SET) {
                throw new IllegalArgumentException("a pattern must start with a word: " + spec);
            }
            return out;
        }

        /** [0] case-insensitive word hashes, [1] words that must be written in capitals. */
        private static int[][] words(String alternatives) {
            List<Integer> plain = new ArrayList<>();
            List<Integer> caps = new ArrayList<>();
            for (String w : alternatives.split("\\|")) {
                boolean upper = !w.equals(w.toLowerCase(java.util.Locale.ROOT));
                (upper ? caps : plain).add(HashedText.wordHash(w.toLowerCase(java.util.Locale.ROOT)));
            }
            return new int[][] {plain.stream().mapToInt(Integer::intValue).toArray(),
                caps.stream().mapToInt(Integer::intValue).toArray()};
        }

        Matcher build() {
            compiled = patterns.toArray(Element[][]::new);
            cueOf = cues.stream().mapToInt(Integer::intValue).toArray();
            Map<Integer, List<Integer>> index = new HashMap<>();
            for (int p = 0; p < compiled.length; p++) {
                Element first = compiled[p][0];
                for (int[] set : new int[][] {first.words(), first.capsWords()}) {
                    for (int w : set) {
                        List<Integer> ids = index.computeIfAbsent(w, k -> new ArrayList<>());
                        if (!ids.contains(p)) {
                            ids.add(p);
                        }
                    }
                }
            }
            int size = Integer.highestOneBit(Math.max(4, index.size() * 4)) * 2;
            keys = new int[size];
            byFirstWord = new int[size][];
            for (var e : index.entrySet()) {
                int slot = slot(e.getKey());
                while (byFirstWord[slot] != null) {
                    slot = (slot + 1) & (size - 1);
                }
                keys[slot] = e.getKey();
                byFirstWord[slot] = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            }
            return this;
        }

        private int slot(int key) {
            int h = key * 0x9E3779B1;
            return (h ^ (h >>> 15)) & (keys.length - 1);
        }

        /** Adds non-overlapping matches per cue to {@code counts}, stopping a cue at its saturation. */
        void count(HashedText h, int[] counts, int[] saturation) {
            int[] nextAllowed = new int[counts.length];
            int[] tokens = h.tokens;
            int mask = keys.length - 1;
            for (int t = 0; t < h.tokenCount; t++) {
                int slot = slot(tokens[t]);
                int[] ids = null;
                while (byFirstWord[slot] != null) {
                    if (keys[slot] == tokens[t]) {
                        ids = byFirstWord[slot];
                        break;
                    }
                    slot = (slot + 1) & mask;
                }
                if (ids == null) {
                    continue;
                }
                for (int id : ids) {
                    int cue = cueOf[id];
                    if (t < nextAllowed[cue] || counts[cue] >= saturation[cue]) {
                        continue;
                    }
                    int end = match(compiled[id], 0, t, h);
                    if (end >= 0) {
                        counts[cue]++;
                        nextAllowed[cue] = end;
                    }
                }
            }
        }

        /** Token index after a match of {@code p[e..]} starting at token {@code t}, or -1. */
        private static int match(Element[] p, int e, int t, HashedText h) {
            if (e == p.length) {
                return t;
            }
            Element el = p[e];
            int n = h.tokenCount;
            if (el.kind() == SET) {
                return t < n && el.accepts(h.tokens[t], h.tokenFlags[t]) ? match(p, e + 1, t + 1, h) : -1;
            }
            for (int j = 0; j <= el.max(); j++) {
                int r = match(p, e + 1, t + j, h);
                if (r >= 0) {
                    return r;
                }
                if (t + j >= n || el.kind() == GAP && !el.accepts(h.tokens[t + j], h.tokenFlags[t + j])) {
                    return -1;
                }
            }
            return -1;
        }
    }
}
