package io.ftcoach.lineage.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * lineage-service's own settings.
 *
 * @param rebuildTimeout how long a rebuild may take to read every lineage topic to the end it had when it started.
 * @param rebuildPoll    how long one poll of a rebuild waits for records.
 * @param expireExperimentsAfter how old a failed {@code -exp} version must be before retention removes it
 *                       (spec §6.1 {@code cleanup_exp_after}).
 */
@ConfigurationProperties(prefix = "ftcoach.lineage")
public record LineageProperties(
        @DefaultValue("5m") Duration rebuildTimeout,
        @DefaultValue("500ms") Duration rebuildPoll,
        @DefaultValue("7d") Duration expireExperimentsAfter) {
}
