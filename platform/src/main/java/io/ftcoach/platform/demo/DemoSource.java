package io.ftcoach.platform.demo;

import java.nio.file.Path;

/** Where the demo's labelled reviews come from, as the data-source-advisor will be told. */
public sealed interface DemoSource {

    /** How many labelled rows there are: the number the coach is told. */
    int rows();

    /** How the source is named in the output. */
    String describe();

    /**
     * A PostgreSQL table read through Debezium; the credentials come from ${DB_USER} and ${DB_PASSWORD} in the
     * environment of the process, as data_source.yaml never holds them.
     *
     * @param query a SELECT returning the columns {@code text} and {@code label}
     */
    record Database(String host, int port, String database, String query, int rows) implements DemoSource {

        @Override
        public String describe() {
            return "PostgreSQL " + host + ":" + port + "/" + database + " through Debezium";
        }
    }

    /**
     * A CSV file, copied into the task folder (data-ingest reads files only from there).
     *
     * @param csv         the file to import
     * @param textColumn  its column of texts
     * @param labelColumn its column of labels
     */
    record File(Path csv, String textColumn, String labelColumn, int rows) implements DemoSource {

        @Override
        public String describe() {
            return "file_import of " + csv.getFileName();
        }
    }
}
