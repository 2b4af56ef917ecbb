package io.ftcoach.ingest.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RowChangesTest {

    @Test
    void countsAddedChangedAndRemovedRowsByText() {
        List<LabeledRow> before = List.of(LabeledRow.of("送餐很快", "positive"), LabeledRow.of("湯是冷的", "negative"),
                new LabeledRow("包裝用心", "positive", "A"), LabeledRow.of("還會再點", "positive"));
        List<LabeledRow> after = List.of(LabeledRow.of("送餐很快", "positive"), LabeledRow.of("湯是冷的", "positive"),
                new LabeledRow("包裝用心", "positive", "B"), LabeledRow.of("份量很多", "positive"),
                LabeledRow.of("麵糊了", "negative"));

        RowChanges changes = RowChanges.between(before, after);

        assertThat(changes).isEqualTo(new RowChanges(2, 2, 1));
        assertThat(changes.none()).isFalse();
    }

    @Test
    void equalRowsInAnotherOrderAreNoChange() {
        List<LabeledRow> rows = List.of(LabeledRow.of("a", "x"), LabeledRow.of("b", "y"));
        assertThat(RowChanges.between(rows, List.of(rows.get(1), rows.get(0))).none()).isTrue();
        assertThat(RowChanges.between(List.of(), rows)).isEqualTo(new RowChanges(2, 0, 0));
        assertThat(RowChanges.between(rows, List.of())).isEqualTo(new RowChanges(0, 0, 2));
    }
}
