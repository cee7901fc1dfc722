/**
 * The LLM judge: rubric evaluators ({@code judge_groundedness}, {@code judge_relevance}, {@code judge_coherence},
 * {@code judge_fluency}, {@code judge_similarity}) that ask a chat model for a 1–5 score and a short reason, behind
 * the one-method {@link dev.genaimon.evaluators.judge.JudgeClient} (Azure OpenAI or any OpenAI-compatible endpoint
 * through {@code com.azure:azure-ai-openai}). Every call goes through the same guards: a per-tenant request and token
 * budget, a concurrency limit, retries with backoff honouring {@code Retry-After}, a circuit breaker and a result
 * cache. When a guard says no, the result is an error {@code judge_unavailable}, never a made-up score.
 */
package dev.genaimon.evaluators.judge;
