package io.ftcoach.platform.bench;

import java.util.List;
import java.util.Locale;

/** Percentiles of a set of measured latencies, in milliseconds. */
record Latencies(String name, int count, double p50, double p90, double p99, double max) {

    static Latencies of(String name, List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            throw new IllegalArgumentException(name + ": nothing measured");
        }
        return new Latencies(name, sorted.length, ms(percentile(sorted, 50)), ms(percentile(sorted, 90)),
                ms(percentile(sorted, 99)), ms(sorted[sorted.length - 1]));
    }

    /** Nearest-rank percentile. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    String row() {
        return String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %.2f |", name, count, p50, p90, p99, max);
    }

    static String header() {
        return "| measurement | n | p50 ms | p90 ms | p99 ms | max ms |\n|---|---|---|---|---|---|";
    }

    @Override
    public String toString() {
        return row();
    }
}
