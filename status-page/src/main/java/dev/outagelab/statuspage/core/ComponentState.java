package dev.outagelab.statuspage.core;

import java.time.Instant;

/**
 * What the page says about a component right now.
 *
 * @param since       when the status last changed
 * @param evaluatedAt when the rules last looked (moves with fresher reasons too)
 */
public record ComponentState(ComponentStatus status, String reason, Instant since, Instant evaluatedAt) {
}
