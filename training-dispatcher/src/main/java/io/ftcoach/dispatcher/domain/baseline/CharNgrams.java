package io.ftcoach.dispatcher.domain.baseline;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Character n-gram features of a text: NFKC-normalised, lower-cased, runs of white space made one space, framed
 * by a start and end mark so prefixes and suffixes count; each n-gram's value is 1 + log(count), the vector then
 * L2-normalised, so long and short reviews weigh alike. Works for Chinese (no word segmentation needed) as well
 * as for alphabetic text.
 */
public record CharNgrams(int min, int max) {

    private static final char MARK = '\u0002';

    public Map<String, Double> features(String text) {
        String t = MARK + Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
                .replaceAll("\\s+", " ").trim() + MARK;
        int[] cps = t.codePoints().toArray();
        Map<String, Integer> counts = new HashMap<>();
        for (int n = min; n <= max; n++) {
            for (int i = 0; i + n <= cps.length; i++) {
                if (n == 1 && cps[i] == MARK) {
                    continue;
                }
                counts.merge(n + ":" + new String(cps, i, n), 1, Integer::sum);
            }
        }
        Map<String, Double> values = new HashMap<>(counts.size() * 2);
        double norm = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            double v = 1 + Math.log(e.getValue());
            values.put(e.getKey(), v);
            norm += v * v;
        }
        double scale = norm == 0 ? 1 : 1 / Math.sqrt(norm);
        values.replaceAll((k, v) -> v * scale);
        return values;
    }
}
