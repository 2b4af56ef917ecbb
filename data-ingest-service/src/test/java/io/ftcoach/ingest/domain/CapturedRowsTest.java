package io.ftcoach.ingest.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CapturedRowsTest {

    @TempDir
    Path taskDir;

    @Test
    void appliesChangesByKeyAndSurvivesAWriteAndRead() {
        CapturedRows rows = new CapturedRows("fp", "c1");
        Map<String, LabeledRow> snapshot = new LinkedHashMap<>();
        snapshot.put("1", LabeledRow.of("送餐很快", "positive"));
        snapshot.put("2", LabeledRow.of("湯是冷的", "negative"));
        rows.replaceAll(snapshot, "lsn:0/10");
        rows.snapshotTaken(rows.changeSeq());
        rows.upsert("3", new LabeledRow("包裝用心", "positive", "A"), "lsn:0/20");
        rows.upsert("2", LabeledRow.of("湯是冷的", "positive"), "lsn:0/30");
        rows.delete("1", "lsn:0/40");
        rows.upsert("3", null, "lsn:0/50");
        rows.upsert("4", LabeledRow.of("還會再點", "positive"), "lsn:0/60");

        Path file = CapturedRows.file(taskDir, "shop-db");
        rows.write(file);
        CapturedRows read = CapturedRows.read(file).orElseThrow();

        assertThat(file).isEqualTo(taskDir.resolve("data/cdc/shop-db/rows.jsonl"));
        assertThat(read.rows()).containsExactly(LabeledRow.of("湯是冷的", "positive"), LabeledRow.of("還會再點", "positive"));
        assertThat(read.position()).isEqualTo("lsn:0/60");
        assertThat(read.fingerprint()).isEqualTo("fp");
        assertThat(read.captureId()).isEqualTo("c1");
        assertThat(read.pendingChanges()).isEqualTo(5);
        read.snapshotTaken(read.changeSeq());
        assertThat(read.pendingChanges()).isZero();
        assertThat(CapturedRows.read(taskDir.resolve("missing.jsonl"))).isEmpty();
    }

    @Test
    void aTruncateRemovesEveryRowAndCountsOneChangePerRow() {
        CapturedRows rows = new CapturedRows("fp", "c1");
        rows.replaceAll(Map.of("1", LabeledRow.of("a", "x"), "2", LabeledRow.of("b", "y"), "3", LabeledRow.of("c", "x")),
                "lsn:0/10");
        rows.snapshotTaken(rows.changeSeq());

        assertThat(rows.truncate("lsn:0/20")).isEqualTo(3);
        assertThat(rows.size()).isZero();
        assertThat(rows.pendingChanges()).as("like three deletes").isEqualTo(3);
        assertThat(rows.truncate("lsn:0/30")).as("nothing left to remove").isZero();
        assertThat(rows.pendingChanges()).isEqualTo(3);
        rows.upsert("4", LabeledRow.of("d", "y"), "lsn:0/40");

        Path file = CapturedRows.file(taskDir, "shop-db");
        rows.write(file);
        CapturedRows read = CapturedRows.read(file).orElseThrow();
        assertThat(read.rows()).containsExactly(LabeledRow.of("d", "y"));
        assertThat(read.pendingChanges()).isEqualTo(4);
        assertThat(read.position()).isEqualTo("lsn:0/40");
    }

    @Test
    void aDamagedFileNamesItsLine() throws Exception {
        CapturedRows rows = new CapturedRows("fp", "c1");
        rows.replaceAll(Map.of("1", LabeledRow.of("a", "x"), "2", LabeledRow.of("b", "y")), "lsn:0/1");
        Path file = taskDir.resolve("rows.jsonl");
        rows.write(file);
        String content = Files.readString(file);
        Files.writeString(file, content.substring(0, content.lastIndexOf('{')) + "{\"key\": \"2\", \"text\"\n");

        assertThatThrownBy(() -> CapturedRows.read(file)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("line 3 is not JSON");
        Files.writeString(file, content.substring(0, content.lastIndexOf('{')));
        assertThatThrownBy(() -> CapturedRows.read(file)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the header says 2 rows, the file holds 1");
    }
}
