package io.ftcoach.ingest.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileImportSourceTest {

    @TempDir
    Path task;

    private final FileImportSource source = new FileImportSource();

    @Test
    void readsCsvWithItsDelimiterAndColumnMapping() throws Exception {
        write("data/raw/reviews.csv", "id;stars;review;shop\n1;pos;\"好吃; 下次再來\";A店\n2;neg;太慢了;B店\n");
        SourceRows rows = source.read(task, csv("data/raw/reviews.csv", ";", "utf-8", true));

        assertThat(rows.rows()).containsExactly(new LabeledRow("好吃; 下次再來", "pos", "A店"),
                new LabeledRow("太慢了", "neg", "B店"));
        assertThat(rows.position()).isEqualTo(Sha256.hex(Files.readAllBytes(task.resolve("data/raw/reviews.csv"))));
    }

    @Test
    void readsTheConfiguredEncodingAndTabs() throws Exception {
        Files.createDirectories(task.resolve("data/raw"));
        Files.write(task.resolve("data/raw/gbk.tsv"), "label\treview\n1\t很快，好吃\n".getBytes(Charset.forName("GBK")));
        SourceRows rows = source.read(task, csv("data/raw/gbk.tsv", "\\t", "gbk", false));
        assertThat(rows.rows()).containsExactly(LabeledRow.of("很快，好吃", "1"));
    }

    @Test
    void readsJsonArraysAndJsonLines() throws Exception {
        write("a.json", "[\n  {\"content\": \"good\", \"y\": 1},\n  {\"content\": \"bad\", \"y\": 0}\n]\n");
        write("a.jsonl", "{\"content\": \"good\", \"y\": \"pos\"}\n\n{\"content\": \"bad\", \"y\": \"neg\"}\n");
        assertThat(source.read(task, json("a.json", "json")).rows())
                .containsExactly(LabeledRow.of("good", "1"), LabeledRow.of("bad", "0"));
        assertThat(source.read(task, json("a.jsonl", "jsonl")).rows())
                .containsExactly(LabeledRow.of("good", "pos"), LabeledRow.of("bad", "neg"));
    }

    @Test
    void aMalformedCsvRowIsNamedByLine() throws Exception {
        write("bad.csv", "label,review\n1,fine\n0,too,many,fields\n");
        assertThatThrownBy(() -> source.read(task, csv("bad.csv", ",", "utf-8", false)))
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith("sources[0] 'reviews' (file_import), bad.csv, line 3: malformed CSV row")
                .hasMessageContaining("every row needs exactly the header's columns");
    }

    @Test
    void aRowWithAMissingColumnOrAnEmptyLabelIsNamedByLine() throws Exception {
        write("short.csv", "label,review\n1,fine\n0\n");
        assertThatThrownBy(() -> source.read(task, csv("short.csv", ",", "utf-8", false)))
                .isInstanceOf(SourceException.class).hasMessageContaining("short.csv, line 3: malformed CSV row");
        write("empty.csv", "label,review\n1,fine\n,no label\n");
        assertThatThrownBy(() -> source.read(task, csv("empty.csv", ",", "utf-8", false)))
                .isInstanceOf(SourceException.class)
                .hasMessage("sources[0] 'reviews' (file_import), empty.csv, line 3: the label (column 'label') is "
                        + "empty: fill it in or remove the row");
    }

    @Test
    void anUnmappedColumnListsTheColumnsThereAre() throws Exception {
        write("cols.csv", "label,comment\n1,fine\n");
        assertThatThrownBy(() -> source.read(task, csv("cols.csv", ",", "utf-8", false)))
                .isInstanceOf(SourceException.class)
                .hasMessage("sources[0] 'reviews' (file_import), cols.csv, line 1: mapping.text names the column "
                        + "'review', which the header does not have: map text to one of [label, comment]");
        assertThatThrownBy(() -> source.read(task, csv("cols.csv", ";", "utf-8", false)))
                .hasMessageContaining("(only one column was found: is config.delimiter right?)");
    }

    @Test
    void invalidUtf8IsNamedByLine() throws Exception {
        byte[] bytes = "label,review\n1,fine\n0,bad ".getBytes(StandardCharsets.UTF_8);
        byte[] broken = java.util.Arrays.copyOf(bytes, bytes.length + 2);
        broken[bytes.length] = (byte) 0xC3;
        broken[bytes.length + 1] = '\n';
        Files.write(task.resolve("broken.csv"), broken);
        assertThatThrownBy(() -> source.read(task, csv("broken.csv", ",", "utf-8", false)))
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith("sources[0] 'reviews' (file_import), broken.csv, line 3 (byte 26): not "
                        + "valid UTF-8: convert the file to UTF-8 or set config.encoding");
    }

    @Test
    void malformedJsonIsNamedByLine() throws Exception {
        write("bad.jsonl", "{\"content\": \"good\", \"y\": 1}\n{\"content\": \"bad\", \"y\": \n");
        assertThatThrownBy(() -> source.read(task, json("bad.jsonl", "jsonl")))
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith("sources[0] 'reviews' (file_import), bad.jsonl, line 2: malformed JSON");
        write("bad.json", "[\n {\"content\": \"good\", \"y\": 1},\n {\"content\": \"bad\" \"y\": 0}\n]");
        assertThatThrownBy(() -> source.read(task, json("bad.json", "json")))
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith("sources[0] 'reviews' (file_import), bad.json, line 3: malformed JSON");
    }

    @Test
    void pathsLeavingTheTaskFolderAreRefused(@TempDir Path outside) throws Exception {
        Files.writeString(outside.resolve("secret.csv"), "label,review\n1,x\n");
        assertThatThrownBy(() -> source.read(task, csv("../" + outside.getFileName() + "/secret.csv", ",", "utf-8",
                false))).isInstanceOf(SourceException.class).hasMessageContaining("leaves the task folder");
        assertThatThrownBy(() -> source.read(task, csv(outside.resolve("secret.csv").toString(), ",", "utf-8",
                false))).isInstanceOf(SourceException.class).hasMessageContaining("leaves the task folder");
        Files.createSymbolicLink(task.resolve("link.csv"), outside.resolve("secret.csv"));
        assertThatThrownBy(() -> source.read(task, csv("link.csv", ",", "utf-8", false)))
                .isInstanceOf(SourceException.class).hasMessageContaining("leaves the task folder");
        assertThatThrownBy(() -> source.read(task, csv("missing.csv", ",", "utf-8", false)))
                .isInstanceOf(SourceException.class).hasMessageContaining("missing.csv does not exist");
    }

    private void write(String relative, String content) throws Exception {
        Path file = task.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static SourceDefinition csv(String path, String delimiter, String encoding, boolean withEntity) {
        Map<String, String> mapping = new LinkedHashMap<>();
        mapping.put("text", "review");
        mapping.put("label", withEntity ? "stars" : "label");
        if (withEntity) {
            mapping.put("entity", "shop");
        }
        return new SourceDefinition(0, "reviews", "file_import", true,
                Map.of("source_path", path, "format", "csv", "delimiter", delimiter, "encoding", encoding), mapping,
                null);
    }

    private static SourceDefinition json(String path, String format) {
        return new SourceDefinition(0, "reviews", "file_import", true, Map.of("source_path", path, "format", format),
                Map.of("text", "content", "label", "y"), null);
    }
}
