package io.ftcoach.ingest.domain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the rows of one snapshot differ from an earlier one's, by row key: the text (the merge's de-duplication
 * key), so a row whose label or entity was edited counts as changed, not as one removed and one added. Where a
 * text occurs more than once (de-duplication off), its last row stands for it.
 *
 * @param added   keys only the newer snapshot has
 * @param changed keys both have, with another label or entity
 * @param removed keys only the earlier snapshot has
 */
public record RowChanges(long added, long changed, long removed) {

    public static RowChanges between(List<LabeledRow> earlier, List<LabeledRow> later) {
        Map<String, LabeledRow> before = byKey(earlier);
        Map<String, LabeledRow> after = byKey(later);
        long added = 0;
        long changed = 0;
        for (Map.Entry<String, LabeledRow> e : after.entrySet()) {
            LabeledRow old = before.get(e.getKey());
            if (old == null) {
                added++;
            } else if (!Objects.equals(old.label(), e.getValue().label())
                    || !Objects.equals(old.entity(), e.getValue().entity())) {
                changed++;
            }
        }
        long removed = before.keySet().stream().filter(k -> !after.containsKey(k)).count();
        return new RowChanges(added, changed, removed);
    }

    public boolean none() {
        return added == 0 && changed == 0 && removed == 0;
    }

    private static Map<String, LabeledRow> byKey(List<LabeledRow> rows) {
        Map<String, LabeledRow> out = new HashMap<>(Math.max(16, rows.size() * 2));
        rows.forEach(r -> out.put(r.text(), r));
        return out;
    }
}
