package io.ftcoach.coach.config;

import io.ftcoach.coach.domain.ResultAnalyzer;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * coach-service settings.
 *
 * @param closeBand result-analyzer's "close to target" band: a primary metric at most this far below the
 *                  threshold is CLOSE, further below is SIGNIFICANT_GAP (spec §2.4 leaves the boundary open).
 */
@ConfigurationProperties(prefix = "ftcoach.coach")
public record CoachProperties(@DefaultValue("" + ResultAnalyzer.DEFAULT_CLOSE_BAND) double closeBand) {
}
