package io.ftcoach.ingest.domain;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Already-split rows to store as one snapshot. Every row must have a non-blank text and label; the first bad row
 * is named by split and index ({@code train[3]}), so nothing is written on bad input. An empty split is accepted
 * here: the data-validation hook reports it, as it does for any other source.
 */
public final class DatasetSplits {

    private final Map<Split, List<LabeledRow>> rows = new EnumMap<>(Split.class);

    public DatasetSplits(List<LabeledRow> train, List<LabeledRow> valid, List<LabeledRow> test) {
        put(Split.TRAIN, train);
        put(Split.VALID, valid);
        put(Split.TEST, test);
    }

    private void put(Split split, List<LabeledRow> list) {
        if (list == null) {
            // a typo'd key ("training") must not silently become an empty split
            throw new IllegalArgumentException("\"" + split.key() + "\" is missing: give the rows of all three "
                    + "splits, train, valid and test (an empty split is [])");
        }
        List<LabeledRow> copy = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            LabeledRow row = list.get(i);
            String at = split.key() + "[" + i + "]";
            if (row == null) {
                throw new IllegalArgumentException(at + " is null: every row is an object with \"text\" and \"label\"");
            }
            if (row.text() == null || row.text().isBlank()) {
                throw new IllegalArgumentException(at + " has no \"text\": every row needs a non-empty text and label");
            }
            if (row.label() == null || row.label().isBlank()) {
                throw new IllegalArgumentException(at + " has no \"label\": every row needs a non-empty text and label");
            }
            if (row.entity() != null && row.entity().isBlank()) {
                throw new IllegalArgumentException(at + " has a blank \"entity\": leave it out or name the entity");
            }
            copy.add(row);
        }
        rows.put(split, List.copyOf(copy));
    }

    public List<LabeledRow> rows(Split split) {
        return rows.get(split);
    }
}
