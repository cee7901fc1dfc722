/**
 * Quality evaluators (groundedness, relevance, similarity, coherence, format, ...), local and LLM-judge, behind the
 * one-method {@link dev.genaimon.evaluators.quality.Evaluator} contract. Used online by the evaluation worker and
 * offline by {@code genaimon eval run}.
 */
package dev.genaimon.evaluators.quality;
