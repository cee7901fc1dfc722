/**
 * The runnable genaimon: the CLI ({@code cli}), configuration ({@code config}), the embedded Kafka broker
 * ({@code broker}) and the wiring of components into one process ({@code wiring}).
 */
package dev.genaimon.app;
