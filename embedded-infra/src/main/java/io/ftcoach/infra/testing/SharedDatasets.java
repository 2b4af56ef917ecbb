package io.ftcoach.infra.testing;

import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The labelled datasets of the project's shared folder ({@code ../shared/datasets} beside the repository), found the
 * same way by every module's tests. They are never copied into the repository, so a test that needs one fails loudly
 * when it is missing instead of skipping.
 */
public final class SharedDatasets {

    /** Overrides where the shared folder is (the folder that holds {@code datasets/}). */
    public static final String SHARED_DIR_PROPERTY = "ftcoach.shared.dir";

    /** One labelled review of waimai_10k: {@code label} is "1" (positive) or "0" (negative). */
    public record Review(String label, String text) {
    }

    private SharedDatasets() {
    }

    /**
     * {@code waimai_10k.csv}: ≈12k Chinese food-delivery reviews with header {@code label,review}.
     *
     * @throws AssertionError naming every place looked at when the file is not there
     */
    public static Path waimai() {
        return dataset("waimai_10k.csv");
    }

    /** The rows of {@link #waimai()} in file order, parsed as RFC 4180 CSV. */
    public static List<Review> waimaiReviews() {
        Path csv = waimai();
        CsvMapper mapper = new CsvMapper();
        List<Review> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv.toFile())) {
            while (it.hasNext()) {
                Map<String, String> row = it.next();
                rows.add(new Review(row.get("label"), row.get("review")));
            }
        }
        return rows;
    }

    /** A file of the shared datasets folder; tests run with the module as working directory, tools from the root. */
    public static Path dataset(String fileName) {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getProperty(SHARED_DIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured, "datasets", fileName));
        }
        candidates.add(Path.of("..", "shared", "datasets", fileName));
        candidates.add(Path.of("..", "..", "shared", "datasets", fileName));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new AssertionError("The shared dataset " + fileName + " is missing; looked at "
                + candidates.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList()
                + ". It lives in the shared folder beside the repository (../shared/datasets/" + fileName
                + ") and is never copied in; set -D" + SHARED_DIR_PROPERTY + "=<folder> to point elsewhere.");
    }
}
