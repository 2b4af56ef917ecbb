package io.ftcoach.ingest.domain;

import io.ftcoach.support.workspace.AtomicFiles;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Not a test, and not run by the build's tests: validation + dedup + split of 1,000,000 rows read from a JSON
 * Lines file (waimai_10k's reviews repeated with numbered variations, one row in a hundred an exact repeat so
 * de-duplication has work), against a plain read of the same file in the same run. Writes a Markdown report.
 *
 * <pre>./mvnw -pl data-ingest-service test-compile exec:java@file-validation [-Dexec.args="ROWS REPORT_FILE"]</pre>
 *
 * The generated file lives under target/ and is deleted afterwards; nothing of it is committed.
 */
public final class FileValidationBenchmark {

    private static final int RUNS = 2;

    private FileValidationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path report = Path.of(args.length > 1 ? args[1] : System.getProperty("ftcoach.benchmark.report",
                "target/benchmarks/file-validation.md"));
        Path csv = Path.of(System.getProperty("ftcoach.shared.dir", "../shared"), "datasets", "waimai_10k.csv");
        if (!Files.isRegularFile(csv)) {
            throw new IllegalStateException("The benchmark reads " + csv.toAbsolutePath() + " (the shared waimai_10k "
                    + "dataset), which is missing: put it there or pass -Dftcoach.shared.dir=<the shared folder>");
        }
        Path task = Files.createDirectories(report.toAbsolutePath().getParent().resolve("file-validation-task"));
        try {
            Path input = task.resolve("reviews.jsonl");
            long generated = generate(csv, input, rows);
            long bytes = Files.size(input);
            List<String> lines = new ArrayList<>();
            long[] plain = new long[RUNS];
            long[] pipeline = new long[RUNS];
            long[] write = new long[RUNS];
            long[] validate = new long[RUNS];
            Outcome outcome = null;
            // the first pass warms the JIT; the best of the passes is reported, each measured the same way
            for (int i = 0; i < RUNS; i++) {
                plain[i] = time(() -> plainRead(input));
                Outcome o = new Outcome();
                pipeline[i] = time(() -> o.result = new DataPipeline().run(task, config()));
                write[i] = time(() -> o.files = writeSplits(task, o.result.splits()));
                validate[i] = time(() -> o.report = new DataValidator().validate(o.files, Set.of("positive",
                        "negative")));
                outcome = o;
            }
            String text = report(rows, generated, bytes, min(plain), min(pipeline), min(write), min(validate), outcome);
            AtomicFiles.writeString(report, text);
            System.out.println(text);
            System.out.println("Written to " + report.toAbsolutePath());
        } finally {
            try (var paths = Files.walk(task)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static final class Outcome {
        DataPipeline.Result result;
        Map<Split, SplitFile> files;
        ValidationReport report;
    }

    private interface Step {
        void run() throws Exception;
    }

    private static long time(Step step) throws Exception {
        long t0 = System.nanoTime();
        step.run();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    private static long min(long[] values) {
        return java.util.Arrays.stream(values).min().orElseThrow();
    }

    /** The reviews repeated up to {@code rows} rows, each copy numbered; every 100th row repeats the one before. */
    private static long generate(Path csv, Path out, int rows) throws IOException {
        long t0 = System.nanoTime();
        List<String[]> reviews = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            in.readLine();
            String line;
            while ((line = in.readLine()) != null) {
                int comma = line.indexOf(',');
                String review = line.substring(comma + 1);
                if (review.startsWith("\"") && review.endsWith("\"")) {
                    review = review.substring(1, review.length() - 1).replace("\"\"", "\"");
                }
                if (!review.isBlank()) {
                    reviews.add(new String[]{review, line.startsWith("1") ? "positive" : "negative"});
                }
            }
        }
        JsonMapper json = JsonMapper.builder().build();
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            String previous = null;
            for (int i = 0; i < rows; i++) {
                String line;
                if (i % 100 == 99 && previous != null) {
                    line = previous;
                } else {
                    String[] r = reviews.get(i % reviews.size());
                    int copy = i / reviews.size() + 1;
                    Map<String, String> row = new LinkedHashMap<>();
                    row.put("text", r[0] + "（第" + copy + "份）");
                    row.put("label", r[1]);
                    line = json.writeValueAsString(row);
                }
                w.write(line);
                w.write('\n');
                previous = line;
            }
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    /** What any reader of the file has to do at least: decode it as UTF-8 and find the lines. */
    private static long plainRead(Path input) throws IOException {
        long n = 0;
        try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            while (in.readLine() != null) {
                n++;
            }
        }
        return n;
    }

    private static DataSourceConfig config() {
        SourceDefinition source = new SourceDefinition(0, "reviews", "file_import", true,
                Map.of("source_path", "reviews.jsonl", "format", "jsonl"), Map.of("text", "text", "label", "label"), null);
        return new DataSourceConfig("1.0", List.of(source),
                new DataSourceConfig.Merge(true, "data/raw/merged.jsonl", true, "text", true, 42),
                new DataSourceConfig.SplitSettings(true, 0.8, 0.1, 0.1, true, 42), List.of(), "benchmark");
    }

    private static Map<Split, SplitFile> writeSplits(Path task, DatasetSplits splits) {
        Map<Split, SplitFile> files = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            byte[] content = JsonLines.write(splits.rows(split));
            Path file = task.resolve("splits").resolve(split.fileName());
            AtomicFiles.write(file, content);
            files.put(split, new SplitFile("splits/" + split.fileName(), file, Sha256.hex(content)));
        }
        return files;
    }

    private static String report(int rows, long generatedMs, long bytes, long plainMs, long pipelineMs, long writeMs,
                                 long validateMs, Outcome o) throws IOException {
        double mb = bytes / 1e6;
        long totalMs = pipelineMs + writeMs + validateMs;
        StringBuilder out = new StringBuilder();
        out.append("# JSON Lines file → validated splits\n\n");
        out.append("Run ").append(Instant.now()).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" CPU(s), Java ").append(System.getProperty("java.version")).append(", max heap ")
                .append(Runtime.getRuntime().maxMemory() / (1 << 20)).append(" MiB, load average ")
                .append(loadAverage()).append(".\n\n");
        out.append(String.format(Locale.ROOT, "File: %,d rows, %.1f MB (waimai_10k reviews repeated with a numbered "
                + "variation, every 100th row an exact repeat), generated in %.1f s. Best of %d passes.%n%n",
                rows, mb, generatedMs / 1000.0, RUNS));
        out.append("| step | time | MB/s | rows/s |\n|---|---|---|---|\n");
        row(out, "plain read (BufferedReader, UTF-8, line by line)", plainMs, mb, rows);
        row(out, "read + parse (file_import) + merge (dedup, shuffle) + stratified split", pipelineMs, mb, rows);
        row(out, "split files written (JSON Lines, sha-256)", writeMs, mb, rows);
        row(out, "validation of the splits", validateMs, mb, rows);
        row(out, "**file → validated splits**", totalMs, mb, rows);
        out.append(String.format(Locale.ROOT, "%nRatio (same run): file → validated splits takes %.1f× the plain "
                + "read's time (%.1f%% of its MB/s).%n%n", totalMs / (double) Math.max(1, plainMs),
                100.0 * Math.max(1, plainMs) / Math.max(1, totalMs)));
        DatasetSplits s = o.result.splits();
        out.append(String.format(Locale.ROOT, "Rows after dedup %,d; train %,d, valid %,d, test %,d; validation "
                + "verdict %s with %d issue(s).%n", o.result.merged().size(), s.rows(Split.TRAIN).size(),
                s.rows(Split.VALID).size(), s.rows(Split.TEST).size(), o.report.verdict(), o.report.issues().size()));
        return out.toString();
    }

    private static void row(StringBuilder out, String step, long ms, double mb, int rows) {
        double s = Math.max(1, ms) / 1000.0;
        out.append(String.format(Locale.ROOT, "| %s | %.2f s | %.1f | %,.0f |%n", step, ms / 1000.0, mb / s, rows / s));
    }

    public static String loadAverage() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        return Files.isReadable(loadavg) ? String.join(" ", List.of(Files.readString(loadavg).split(" ")).subList(0, 3))
                : "unknown";
    }
}
