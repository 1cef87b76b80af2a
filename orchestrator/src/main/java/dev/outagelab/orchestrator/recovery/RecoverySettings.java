package dev.outagelab.orchestrator.recovery;

import java.time.Duration;

/** The guard rails and bounds of recovery, from {@code orchestrator.recovery.*}. */
public record RecoverySettings(boolean automatic, boolean preventCrossRegionFailover, Duration recoveryBlock,
                               Duration failPromotionOnLag, Duration actionTimeout, Duration takeoverCatchUpTimeout) {
}
