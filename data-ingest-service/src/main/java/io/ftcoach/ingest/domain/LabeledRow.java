package io.ftcoach.ingest.domain;

/**
 * One raw row (spec §5.3): {@code text} and {@code label}, optionally the {@code entity} the label is about
 * (entity-level sentiment). Checked where the row's position is known, see {@link DatasetSplits}.
 */
public record LabeledRow(String text, String label, String entity) {

    public static LabeledRow of(String text, String label) {
        return new LabeledRow(text, label, null);
    }
}
