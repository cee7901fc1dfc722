package dev.genaimon.client;

/**
 * What the client did with the items it was given so far. Every item handed to {@code record}/{@code feedback} ends
 * up exactly once in {@code sent}, {@code dropped} or {@code failed}, or is still {@code pending}.
 *
 * @param sent    items genaimon accepted
 * @param dropped items refused at the door because the queue was full or the client closed (never sent)
 * @param retried item sends repeated after a 429, 5xx or I/O error (one item retried twice counts 2)
 * @param failed  items given up on: rejected by genaimon as invalid or dead-lettered, a non-retryable answer, or
 *                retries exhausted
 * @param pending items queued or in flight
 */
public record ClientStats(long sent, long dropped, long retried, long failed, long pending) {
}
