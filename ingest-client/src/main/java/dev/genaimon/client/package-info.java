/**
 * The genaimon Java client: {@link dev.genaimon.client.GenaimonClient} sends interactions and feedback to a genaimon
 * server over HTTP, batched and gzip-compressed, from a bounded queue that never blocks the caller.
 */
package dev.genaimon.client;
