/**
 * From signals to people and pipelines: alert rules ({@code alerting.rules}), the alert state machine topology,
 * Alertmanager-style routing, notifiers ({@code alerting.notify.<channel>}) and retraining triggers.
 */
package dev.genaimon.alerting;
