package io.ftcoach.ingest.domain;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;
import tools.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code file_import} source (spec §5.2): a CSV (with a header row), a JSON array of objects or JSON Lines
 * file inside the task folder, in the configured encoding, mapped to rows by {@code mapping {text, label,
 * entity}}. Strict: a malformed row, a mapped column the file lacks, an empty text or label, bytes that are not
 * valid in the encoding each stop the read with the line and the fix. Its position is the file's sha-256.
 */
public final class FileImportSource implements SourceReader {

    public static final String TYPE = "file_import";

    private final JsonMapper json = JsonMapper.builder().build();
    private final ObjectReader arrayElements = json.readerFor(JsonNode.class)
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final CsvMapper csv = CsvMapper.builder().enable(CsvReadFeature.FAIL_ON_MISSING_COLUMNS)
            .enable(CsvReadFeature.SKIP_EMPTY_LINES).build();

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public SourceRows read(Path taskDir, SourceDefinition source, java.util.function.Function<String, String> env) {
        return read(taskDir, source);
    }

    /** @param taskDir the task folder; the file's path is relative to it and must stay inside it */
    public SourceRows read(Path taskDir, SourceDefinition source) {
        String relative = source.configString("source_path", null);
        String where = source.label() + ", " + relative;
        Path file = resolve(taskDir, relative, source);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SourceException(source.label() + ": " + relative + " does not exist in the task folder: put "
                    + "the file there or correct config.source_path");
        } catch (IOException e) {
            throw new SourceException(source.label() + ": cannot read " + relative + " (" + e.getMessage() + ")", e);
        }
        String text = decode(bytes, charset(source), where);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        String format = source.configString("format", "csv");
        List<LabeledRow> rows = switch (format) {
            case "csv" -> csv(text, source, where);
            case "json" -> jsonArray(text, source, where);
            case "jsonl" -> jsonLines(text, source, where);
            default -> throw new SourceException(source.label() + ": format '" + format + "' is not one of csv, "
                    + "json, jsonl");
        };
        return new SourceRows(source, rows, Sha256.hex(bytes));
    }

    static Path resolve(Path taskDir, String relative, SourceDefinition source) {
        if (relative == null || relative.isBlank()) {
            throw new SourceException(source.label() + ": config.source_path is missing: name the file, relative "
                    + "to the task folder");
        }
        Path dir = taskDir.toAbsolutePath().normalize();
        Path file = dir.resolve(relative).normalize();
        String refusal = source.label() + ": config.source_path '" + relative + "' leaves the task folder: put the "
                + "file inside the task folder (e.g. data/raw/) and give its path relative to it";
        if (!file.startsWith(dir) || file.equals(dir)) {
            throw new SourceException(refusal);
        }
        try {
            // a link inside the folder that points outside it is refused too
            if (Files.exists(file) && !file.toRealPath().startsWith(dir.toRealPath())) {
                throw new SourceException(refusal);
            }
        } catch (IOException e) {
            throw new SourceException(source.label() + ": cannot resolve " + relative + " (" + e.getMessage() + ")", e);
        }
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new SourceException(source.label() + ": config.source_path '" + relative + "' is a folder: name "
                    + "the file");
        }
        return file;
    }

    private static Charset charset(SourceDefinition source) {
        String name = source.configString("encoding", "utf-8");
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new SourceException(source.label() + ": config.encoding '" + name + "' is not an encoding this "
                    + "JVM knows: use e.g. utf-8, gbk, big5, utf-16", e);
        }
    }

    /** Strict decoding: the first invalid byte sequence is reported with its line. */
    static String decode(byte[] bytes, Charset charset, String where) {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate((int) (bytes.length * (double) decoder.maxCharsPerByte()) + 16);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            int line = 1;
            for (int i = 0; i < offset; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new SourceException(where + ", line " + line + " (byte " + offset + "): not valid "
                    + charset.name() + ": convert the file to " + charset.name() + " or set config.encoding to "
                    + "the encoding it is in (e.g. gbk, big5)");
        }
        out.flip();
        return out.toString();
    }

    private List<LabeledRow> csv(String text, SourceDefinition source, String where) {
        Character delimiter = DataSourceFile.unescape(source.configString("delimiter", ","));
        if (delimiter == null) {
            throw new SourceException(source.label() + ": config.delimiter must be one character");
        }
        CsvSchema schema = CsvSchema.emptySchema().withHeader().withColumnSeparator(delimiter);
        ObjectReader reader = csv.readerFor(Map.class).with(schema);
        List<LabeledRow> rows = new ArrayList<>();
        int line = -1;
        try (JsonParser p = reader.createParser(text)) {
            Set<String> header = null;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (header == null) {
                    header = new LinkedHashSet<>(((CsvSchema) p.getSchema()).getColumnNames());
                    checkColumns(header, source, where);
                }
                // a record is an object of column name → string; the line is the one its first field is on, and an
                // error inside the record (too few or too many fields) names it
                Map<String, String> record = new HashMap<>();
                line = -1;
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    if (line < 0) {
                        line = lineOf(p.currentTokenLocation());
                    }
                    String column = p.currentName();
                    p.nextToken();
                    record.put(column, p.getValueAsString());
                }
                rows.add(row(source, where, line, record::get));
                line = -1;
            }
            if (header == null) {
                throw new SourceException(where + ": the file has no rows: it needs a header row with the columns "
                        + source.mapping().values() + " and at least one row below it");
            }
        } catch (JacksonException e) {
            throw new SourceException(where + ", line " + (line > 0 ? line : lineOf(e.getLocation()))
                    + ": malformed CSV row (" + e.getOriginalMessage() + "): every row needs exactly the header's "
                    + "columns, separated by '" + printable(delimiter) + "'; quote fields that contain the "
                    + "delimiter, a quote or a line break", e);
        }
        return rows;
    }

    private List<LabeledRow> jsonArray(String text, SourceDefinition source, String where) {
        List<LabeledRow> rows = new ArrayList<>();
        try (JsonParser p = json.createParser(text)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new SourceException(where + ", line " + lineOf(p.currentTokenLocation()) + ": a JSON array of "
                        + "objects is expected ([{\"text\": …, \"label\": …}, …]); for one object per line use "
                        + "format: jsonl");
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                int line = lineOf(p.currentTokenLocation());
                JsonNode node = arrayElements.readValue(p);
                rows.add(row(source, where, line, column -> text(node.get(column))));
            }
            if (p.currentToken() != JsonToken.END_ARRAY) {
                throw new SourceException(where + ", line " + lineOf(p.currentTokenLocation()) + ": every element "
                        + "of the array must be an object with the mapped fields " + source.mapping().values());
            }
            if (p.nextToken() != null) {
                throw new SourceException(where + ", line " + lineOf(p.currentTokenLocation()) + ": content after "
                        + "the closing ]: the file must hold exactly one JSON array");
            }
        } catch (JacksonException e) {
            throw new SourceException(where + ", line " + lineOf(e.getLocation()) + ": malformed JSON ("
                    + e.getOriginalMessage() + "): fix the file so that it is one valid JSON array", e);
        }
        return rows;
    }

    private List<LabeledRow> jsonLines(String text, SourceDefinition source, String where) {
        List<LabeledRow> rows = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int line = i + 1;
            if (lines[i].isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = json.readTree(lines[i]);
            } catch (JacksonException e) {
                throw new SourceException(where + ", line " + line + ": malformed JSON (" + e.getOriginalMessage()
                        + "): every line must be one JSON object", e);
            }
            if (!node.isObject()) {
                throw new SourceException(where + ", line " + line + ": a JSON object is expected, found "
                        + node.getNodeType().name().toLowerCase() + ": every line must be one JSON object");
            }
            rows.add(row(source, where, line, column -> text(node.get(column))));
        }
        return rows;
    }

    private static void checkColumns(Set<String> header, SourceDefinition source, String where) {
        for (Map.Entry<String, String> m : source.mapping().entrySet()) {
            if (!header.contains(m.getValue())) {
                throw new SourceException(where + ", line 1: mapping." + m.getKey() + " names the column '"
                        + m.getValue() + "', which the header does not have: map " + m.getKey() + " to one of "
                        + header + (header.size() == 1 ? " (only one column was found: is config.delimiter right?)"
                        : ""));
            }
        }
    }

    private static LabeledRow row(SourceDefinition source, String where, int line,
                                  java.util.function.Function<String, String> value) {
        String text = field(source, where, line, "text", value, true);
        String label = field(source, where, line, "label", value, true);
        String entity = field(source, where, line, "entity", value, false);
        return new LabeledRow(text, label, entity);
    }

    private static String field(SourceDefinition source, String where, int line, String key,
                                java.util.function.Function<String, String> value, boolean required) {
        String column = source.mapping().get(key);
        if (column == null) {
            if (required) {
                throw new SourceException(source.label() + ": mapping." + key + " is missing: name the column "
                        + "that holds the " + key);
            }
            return null;
        }
        String v = value.apply(column);
        if (v == null || v.isBlank()) {
            if (!required) {
                return null;
            }
            throw new SourceException(where + ", line " + line + ": the " + key + " (column '" + column + "') is "
                    + "empty: fill it in or remove the row");
        }
        return v.strip();
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asString() : node.toString();
    }

    private static int lineOf(TokenStreamLocation location) {
        return location == null ? -1 : location.getLineNr();
    }

    private static String printable(char c) {
        return c == '\t' ? "\\t" : String.valueOf(c);
    }
}
