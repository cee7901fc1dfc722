package dev.genaimon.evaluators.quality.local;

import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.quality.EvaluationScore;
import dev.genaimon.evaluators.quality.Evaluator;
import dev.genaimon.evaluators.quality.embed.SentenceEmbedder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Groundedness: is every claim (sentence) of the answer supported by the retrieval context?
 *
 * <p>Per claim: the MiniLM cosine to the best-matching context sentence (the claim alone and the claim read with the
 * question, so a bare "Richard Nixon" is judged as the answer to its question); lexical support — the share of the
 * claim's new content words (words not already in the question) found in the context and in its best two-sentence
 * window, and the share of ALL its content words found together in one context sentence (a claim that stitches facts
 * from different passages is not supported by either); and a penalty for every number, date or name the context and
 * the question never mention. The answer's score mixes the mean and the weakest claim, so one invented
 * sentence in a long answer still pulls it down.
 *
 * <p>Score in [0, 1], higher = better supported; passes at {@code groundedness.threshold} (default 0.5). No context
 * or an empty answer is an error result (there is nothing to judge against), never a made-up score.
 */
final class GroundednessEvaluator implements Evaluator {

    static final String NAME = "groundedness";
    /** Claims judged per answer; the rest are ignored (and the explanation says so). */
    static final int MAX_CLAIMS = 32;

    private final SentenceEmbedder embedder;
    private final double threshold;
    private final Weights weights;

    GroundednessEvaluator(SentenceEmbedder embedder, double threshold) {
        this(embedder, threshold, Weights.DEFAULT);
    }

    GroundednessEvaluator(SentenceEmbedder embedder, double threshold, Weights weights) {
        this.embedder = embedder;
        this.threshold = threshold;
        this.weights = weights;
    }

    /**
     * How the evidence combines (chosen on the HaluEval/SummEdits development data with round numbers, not fitted).
     *
     * @param semantic      weight of the embedding support
     * @param lexical       weight of the share of new content words found in the context
     * @param perUnsupported subtracted per number, date or name missing from the context
     * @param weakest       weight of the weakest claim against the mean of the claims
     * @param simFloor      cosine at or below which a claim has no semantic support
     * @param simSpan       cosine above the floor at which support is full
     * @param local         weight of the best two-sentence window against the whole context in the lexical evidence
     * @param cohesion      weight, in the lexical evidence, of all the claim's content words within one context sentence
     */
    record Weights(double semantic, double lexical, double perUnsupported, double weakest, double simFloor, double simSpan, double local,
                   double cohesion) {
        static final Weights DEFAULT = new Weights(0.3, 0.7, 0.25, 0.5, 0.25, 0.5, 0.25, 0.5);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public EvaluationScore evaluate(EvaluationInput input) {
        return evaluateAll(List.of(input)).get(0);
    }

    @Override
    public List<EvaluationScore> evaluateAll(List<EvaluationInput> inputs) {
        List<Plan> plans = new ArrayList<>(inputs.size());
        List<List<String>> texts = new ArrayList<>(inputs.size());
        for (EvaluationInput in : inputs) {
            Plan p = Plan.of(in);
            plans.add(p);
            List<String> group = new ArrayList<>();
            if (p.error == null) {
                group.addAll(p.claims);
                for (String c : p.claims) {
                    group.add(p.question + " " + c);
                }
                group.addAll(p.contextSentences);
            }
            texts.add(group);
        }
        List<List<float[]>> vectors = embedder.embedGroups(texts);
        List<EvaluationScore> out = new ArrayList<>(inputs.size());
        for (int i = 0; i < plans.size(); i++) {
            Plan p = plans.get(i);
            if (p.error != null) {
                out.add(EvaluationScore.error(this, p.error));
                continue;
            }
            int n = p.claims.size();
            List<float[]> v = vectors.get(i);
            out.add(score(p, v.subList(0, n), v.subList(n, 2 * n), v.subList(2 * n, v.size())));
        }
        return out;
    }

    private EvaluationScore score(Plan p, List<float[]> claims, List<float[]> withQuestion, List<float[]> context) {
        double sum = 0;
        double min = 1;
        int weakest = 0;
        List<String> unsupported = new ArrayList<>();
        for (int i = 0; i < p.claims.size(); i++) {
            ClaimEvidence e = evidence(p, p.claims.get(i), claims.get(i), withQuestion.get(i), context);
            double s = e.score();
            sum += s;
            if (s < min) {
                min = s;
                weakest = i;
            }
            unsupported.addAll(e.unsupported());
        }
        double mean = sum / p.claims.size();
        double score = clamp((1 - weights.weakest()) * mean + weights.weakest() * min);
        boolean passed = score >= threshold;
        StringBuilder why = new StringBuilder();
        why.append(p.claims.size()).append(p.claims.size() == 1 ? " claim" : " claims")
                .append(String.format(", mean support %.2f, weakest %.2f", mean, min));
        if (p.claims.size() > 1) {
            why.append(" (\"").append(shorten(p.claims.get(weakest))).append("\")");
        }
        if (!unsupported.isEmpty()) {
            why.append("; not in context: ").append(String.join(", ", unsupported.subList(0, Math.min(6, unsupported.size()))));
        }
        if (p.truncated) {
            why.append("; only the first ").append(MAX_CLAIMS).append(" claims judged");
        }
        return EvaluationScore.of(this, score, passed, why.toString());
    }

    /** Support of one claim in [0, 1] and the facts it states that the context lacks. */
    ClaimEvidence evidence(Plan p, String claim, float[] claimVector, float[] withQuestionVector, List<float[]> context) {
        double best = -1;
        double bestWithQuestion = -1;
        for (float[] c : context) {
            best = Math.max(best, SentenceEmbedder.cosine(claimVector, c));
            bestWithQuestion = Math.max(bestWithQuestion, SentenceEmbedder.cosine(withQuestionVector, c));
        }
        Set<String> novel = new HashSet<>(Texts.contentStems(claim));
        novel.removeAll(p.questionStems);
        int found = 0;
        for (String w : novel) {
            if (p.contextStems.contains(w)) {
                found++;
            }
        }
        double global = novel.isEmpty() ? 1.0 : (double) found / novel.size();
        // The same words scattered over the context support less than the words of one passage: the best window of
        // two neighbouring sentences must hold them too.
        double local = novel.isEmpty() ? 1.0 : 0;
        for (int i = 0; i < p.sentenceStems.size() && !novel.isEmpty(); i++) {
            Set<String> window = new HashSet<>(p.sentenceStems.get(i));
            if (i + 1 < p.sentenceStems.size()) {
                window.addAll(p.sentenceStems.get(i + 1));
            }
            int in = 0;
            for (String w : novel) {
                if (window.contains(w)) {
                    in++;
                }
            }
            local = Math.max(local, (double) in / novel.size());
        }
        // Every content word of the claim, question words included, inside ONE context sentence: a claim that
        // stitches facts from different passages ("X is located in Y" with X and Y described apart) scores low here.
        Set<String> all = Texts.contentStems(claim);
        double cohesion = all.isEmpty() ? 1.0 : 0;
        for (Set<String> sentence : p.sentenceStems) {
            if (all.isEmpty()) {
                break;
            }
            int in = 0;
            for (String w : all) {
                if (sentence.contains(w)) {
                    in++;
                }
            }
            cohesion = Math.max(cohesion, (double) in / all.size());
        }
        double lexical = (1 - weights.local() - weights.cohesion()) * global + weights.local() * local
                + weights.cohesion() * cohesion;
        List<String> missing = new ArrayList<>();
        for (Entities.Entity e : Entities.of(claim)) {
            boolean known;
            if (e.kind().equals("number")) {
                known = p.contextNumbers.contains(e.key()) || p.contextStems.contains(e.key())
                        || p.questionStems.contains(e.key());
            } else {
                // a multi-word name is known when most of its words are ("Jacob 'Jack' Kevorkian" for "Jack Kevorkian")
                int parts = 0;
                int seen = 0;
                for (String part : e.key().split(" ")) {
                    parts++;
                    if (p.contextStems.contains(part) || p.questionStems.contains(part)) {
                        seen++;
                    }
                }
                known = 2 * seen >= parts;
            }
            if (!known && !missing.contains(e.text())) {
                missing.add(e.text());
            }
        }
        double semantic = clamp((Math.max(best, bestWithQuestion) - weights.simFloor()) / weights.simSpan());
        return new ClaimEvidence(semantic, lexical, missing, weights);
    }

    /** Evidence for one claim; {@link #score()} combines it. */
    record ClaimEvidence(double semantic, double lexical, List<String> unsupported, Weights weights) {
        double score() {
            return clamp(weights.semantic() * semantic + weights.lexical() * lexical
                    - weights.perUnsupported() * unsupported.size());
        }
    }

    /** What one input needs: its claims, context sentences, and the word sets for the lexical evidence. */
    static final class Plan {
        final String error;
        final String question;
        final List<String> claims;
        final boolean truncated;
        final List<String> contextSentences;
        final Set<String> contextStems;
        final Set<String> contextNumbers;
        final Set<String> questionStems;
        final List<Set<String>> sentenceStems;

        private Plan(String error, String question, List<String> claims, boolean truncated, List<String> contextSentences,
                     Set<String> contextStems, Set<String> contextNumbers, Set<String> questionStems) {
            this.sentenceStems = new ArrayList<>(contextSentences.size());
            for (String s : contextSentences) {
                sentenceStems.add(Texts.allStems(s));
            }
            this.error = error;
            this.question = question;
            this.claims = claims;
            this.truncated = truncated;
            this.contextSentences = contextSentences;
            this.contextStems = contextStems;
            this.contextNumbers = contextNumbers;
            this.questionStems = questionStems;
        }

        static Plan of(EvaluationInput in) {
            if (in.answer().isBlank()) {
                return failed("empty answer: nothing to judge");
            }
            List<String> contextSentences = new ArrayList<>();
            Set<String> contextStems = new HashSet<>();
            Set<String> contextNumbers = new HashSet<>();
            for (String doc : in.context()) {
                if (doc == null || doc.isBlank()) {
                    continue;
                }
                for (String s : Texts.sentences(doc)) {
                    if (contextSentences.size() < Texts.MAX_SENTENCES) {
                        contextSentences.add(s);
                    }
                }
                contextStems.addAll(Texts.allStems(doc));
                contextNumbers.addAll(Entities.numbers(Texts.clip(doc)));
            }
            if (contextSentences.isEmpty()) {
                return failed("no context: groundedness needs the retrieval context");
            }
            List<String> claims = Texts.sentences(in.answer());
            if (claims.isEmpty()) {
                return failed("answer has no words: nothing to judge");
            }
            boolean truncated = claims.size() > MAX_CLAIMS;
            if (truncated) {
                claims = new ArrayList<>(claims.subList(0, MAX_CLAIMS));
            }
            return new Plan(null, Texts.clip(in.question()), claims, truncated, contextSentences, contextStems,
                    contextNumbers, Texts.allStems(in.question()));
        }

        private static Plan failed(String error) {
            return new Plan(error, "", List.of(), false, List.of(), Set.of(), Set.of(), Set.of());
        }
    }

    static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
