package io.ftcoach.ingest.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetSplitsTest {

    private static final List<LabeledRow> ONE = List.of(LabeledRow.of("ok", "a"));

    @Test
    void namesTheSplitAndIndexOfTheFirstBadRow() {
        assertThatThrownBy(() -> new DatasetSplits(List.of(LabeledRow.of("ok", "a"), LabeledRow.of(" ", "a")), ONE, ONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("train[1] has no \"text\"");
        assertThatThrownBy(() -> new DatasetSplits(ONE, ONE, List.of(LabeledRow.of("ok", "a"), LabeledRow.of("t", null))))
                .hasMessageStartingWith("test[1] has no \"label\"");
        List<LabeledRow> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> new DatasetSplits(ONE, withNull, ONE)).hasMessageStartingWith("valid[0] is null");
        assertThatThrownBy(() -> new DatasetSplits(ONE, List.of(new LabeledRow("t", "a", "")), ONE))
                .hasMessageStartingWith("valid[0] has a blank \"entity\"");
    }

    @Test
    void aMissingSplitIsRefusedButAnEmptyOneIsKept() {
        assertThatThrownBy(() -> new DatasetSplits(ONE, null, ONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("\"valid\" is missing");
        assertThat(new DatasetSplits(ONE, List.of(), ONE).rows(Split.VALID)).isEmpty();
    }
}
