/**
 * Safety flags: PII and secrets ({@code safety.pii}), prompt attacks ({@code safety.attack}), harmful content
 * and harmful compliance ({@code safety.harm}), refusals ({@code safety.refusal}) and the batch scanner
 * ({@code safety.scan}). Everything is local (no network, no external model) and cheap enough for the enrich
 * stream step.
 */
package dev.genaimon.evaluators.safety;
