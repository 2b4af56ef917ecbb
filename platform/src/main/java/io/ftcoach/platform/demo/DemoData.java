package io.ftcoach.platform.demo;

import io.ftcoach.infra.postgres.LocalPostgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** The demo's labelled reviews: read from a CSV, and put into a PostgreSQL table the advisor is told about. */
public final class DemoData {

    /** The sample the project ships (written by platform/demo-data/generate_reviews.py; no copied data). */
    public static final String SAMPLE_RESOURCE = "/demo/reviews.csv";
    public static final String TABLE = "reviews";
    /**
     * What the data-source-advisor is told to run. Debezium's snapshot keeps the table's own column names (aliases
     * are refused), and the advisor writes no column mapping for a database, so the table's columns are the names
     * data-ingest expects: text and label.
     */
    public static final String QUERY = "SELECT * FROM public." + TABLE;

    /** One labelled review. */
    public record Review(String text, String label) {
    }

    private DemoData() {
    }

    /** Writes the shipped sample to a file, so it can be imported like any CSV. */
    public static Path sampleTo(Path file) throws IOException {
        try (var in = DemoData.class.getResourceAsStream(SAMPLE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The sample " + SAMPLE_RESOURCE + " is missing from the platform jar");
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    /**
     * The rows of a CSV with a header, by column name; quoted fields may hold commas and doubled quotes.
     *
     * @param labels maps a label as written (e.g. "1") to the label the task uses (e.g. "positive")
     * @throws IllegalArgumentException naming the file, line and column that is wrong
     */
    public static List<Review> read(Path csv, String textColumn, String labelColumn, UnaryOperator<String> labels)
            throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(csv + ": empty, expected a header line with " + textColumn + " and "
                    + labelColumn);
        }
        List<String> header = fields(lines.get(0).replace("\uFEFF", ""));
        int text = header.indexOf(textColumn);
        int label = header.indexOf(labelColumn);
        if (text < 0 || label < 0) {
            throw new IllegalArgumentException(csv + ":1: the header " + header + " lacks the column '"
                    + (text < 0 ? textColumn : labelColumn) + "'");
        }
        List<Review> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> f = fields(lines.get(i));
            if (f.size() <= Math.max(text, label)) {
                throw new IllegalArgumentException(csv + ":" + (i + 1) + ": " + f.size() + " fields, expected "
                        + header.size() + " (" + String.join(",", header) + ")");
            }
            String t = f.get(text).strip();
            if (!t.isEmpty()) {
                rows.add(new Review(t, labels.apply(f.get(label).strip())));
            }
        }
        return rows;
    }

    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /** (Re)creates the table {@value #TABLE} in the database (created when missing) and fills it. */
    public static void load(LocalPostgres pg, String database, List<Review> rows) throws SQLException {
        pg.createDatabase(database);
        try (Connection c = pg.connect(database)) {
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + TABLE);
                st.execute("CREATE TABLE " + TABLE + " (id serial PRIMARY KEY, \"text\" text NOT NULL, label text NOT NULL)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE + " (\"text\", label) VALUES (?, ?)")) {
                for (Review r : rows) {
                    insert.setString(1, r.text());
                    insert.setString(2, r.label());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
        }
    }
}
