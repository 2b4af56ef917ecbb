package io.ftcoach.ingest.cdc;

import io.ftcoach.ingest.domain.CapturedRows;
import io.ftcoach.ingest.domain.LabeledRow;
import io.ftcoach.ingest.domain.SourceDefinition;
import io.ftcoach.ingest.domain.SourceException;
import io.ftcoach.ingest.domain.SourceRows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A continuous source is read from its capture's stored rows; a stale store is not used. No server is reachable. */
class ContinuousSourceReadTest {

    private static final Function<String, String> ENV = name -> "DB_PASSWORD".equals(name) ? "s3cret" : null;
    private final DebeziumPostgresSource reader = new DebeziumPostgresSource(Duration.ofSeconds(5));

    @TempDir
    Path taskDir;

    @Test
    void readsTheCapturedRowsWithTheLastChangesPosition() {
        SourceDefinition source = source("continuous", "SELECT * FROM reviews");
        CapturedRows rows = new CapturedRows(DebeziumPostgresSource.Target.of(source, ENV).fingerprint(), "c1");
        rows.replaceAll(Map.of("1", LabeledRow.of("湯是冷的", "negative"), "2", LabeledRow.of("好吃", "positive")),
                "lsn:0/16B3748");
        rows.write(CapturedRows.file(taskDir, "shop-db"));

        SourceRows read = reader.read(taskDir, source, ENV);

        assertThat(read.rows()).containsExactly(LabeledRow.of("好吃", "positive"), LabeledRow.of("湯是冷的", "negative"));
        assertThat(read.position()).isEqualTo("lsn:0/16B3748");
        assertThat(DebeziumPostgresSource.continuous(source)).isTrue();
        assertThat(DebeziumPostgresSource.continuous(source("snapshot", "SELECT * FROM reviews"))).isFalse();
    }

    @Test
    void rowsCapturedForAnotherQueryOrAModeOfSnapshotAreNotUsed() {
        SourceDefinition before = source("continuous", "SELECT * FROM reviews");
        new CapturedRows(DebeziumPostgresSource.Target.of(before, ENV).fingerprint(), "c1")
                .write(CapturedRows.file(taskDir, "shop-db"));

        // the query changed: a one-off snapshot is taken instead, which here cannot reach the server
        assertThatThrownBy(() -> reader.read(taskDir, source("continuous", "SELECT * FROM reviews WHERE id > 1"), ENV))
                .isInstanceOf(SourceException.class).hasMessageContaining("check config.host and config.port");
        assertThatThrownBy(() -> reader.read(taskDir, source("snapshot", "SELECT * FROM reviews"), ENV))
                .isInstanceOf(SourceException.class).hasMessageContaining("check config.host and config.port");
    }

    @Test
    void theFingerprintLeavesTheCredentialsOutAndTheSlotNamesDiffer() {
        SourceDefinition source = source("continuous", "SELECT * FROM reviews");
        DebeziumPostgresSource.Target target = DebeziumPostgresSource.Target.of(source, ENV);
        assertThat(target.fingerprint()).isEqualTo(DebeziumPostgresSource.Target.of(source, n -> "other").fingerprint());
        assertThat(target.toString()).doesNotContain("s3cret");
        assertThat(ChangeCapture.slotName(Path.of("/ws/review-task"), source)).isEqualTo("ftcdc_review_task_shop_db");
        String longName = ChangeCapture.slotName(Path.of("/ws/" + "a-very-long-task-name".repeat(4)), source);
        assertThat(longName + "_pub").hasSizeLessThanOrEqualTo(63);
    }

    private static SourceDefinition source(String mode, String query) {
        Map<String, Object> config = new HashMap<>(Map.of("driver", "postgresql", "host", "127.0.0.1", "port", 1,
                "database", "shop", "username", "reader", "query", query, "mode", mode));
        config.put("password", "${DB_PASSWORD}");
        return new SourceDefinition(0, "shop-db", "database", true, config,
                Map.of("text", "review", "label", "sentiment"), null);
    }
}
