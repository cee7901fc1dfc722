package dev.genaimon.alerting.rules;

import java.time.Duration;

/** One pair of a multiwindow burn-rate rule: both spans must burn the error budget faster than {@code factor}. */
public record BurnWindow(Duration shortSpan, Duration longSpan, double factor) {
}
