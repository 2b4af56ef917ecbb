package io.ftcoach.platform.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoDataTest {

    @Test
    void theShippedSampleIsLabelledVariedAndBalanced(@TempDir Path dir) throws Exception {
        List<DemoData.Review> rows = DemoData.read(DemoData.sampleTo(dir.resolve("reviews.csv")), "review", "sentiment",
                l -> l);
        assertThat(rows).hasSize(480);
        Map<String, Long> byLabel = rows.stream().collect(Collectors.groupingBy(DemoData.Review::label, Collectors.counting()));
        assertThat(byLabel).containsOnly(Map.entry("positive", 240L), Map.entry("negative", 240L));
        assertThat(rows.stream().map(DemoData.Review::text).distinct()).hasSize(480);
        assertThat(rows).anyMatch(r -> r.text().matches(".*\\p{IsHan}.*")).anyMatch(r -> r.text().matches("^[A-Z].*"));
        // commas inside quoted fields stay in the text
        assertThat(rows).anyMatch(r -> r.text().contains(", ") && r.text().matches("^[A-Z].*"));
    }

    @Test
    void readsQuotedFieldsAndMapsLabels(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("r.csv"), "\uFEFFlabel,review\n1,\"good, \"\"really\"\" good\"\n\n0,bad\n");
        assertThat(DemoData.read(csv, "review", "label", l -> l.equals("1") ? "positive" : "negative"))
                .containsExactly(new DemoData.Review("good, \"really\" good", "positive"),
                        new DemoData.Review("bad", "negative"));
    }

    @Test
    void badFilesNameTheLineAndColumn(@TempDir Path dir) throws Exception {
        Path noColumn = Files.writeString(dir.resolve("a.csv"), "label,comment\n1,x\n");
        assertThatThrownBy(() -> DemoData.read(noColumn, "review", "label", l -> l))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a.csv:1")
                .hasMessageContaining("lacks the column 'review'");
        Path shortLine = Files.writeString(dir.resolve("b.csv"), "label,review\n1,fine\n0\n");
        assertThatThrownBy(() -> DemoData.read(shortLine, "review", "label", l -> l))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("b.csv:3")
                .hasMessageContaining("1 fields, expected 2");
    }

    @Test
    void theAdvisorIsToldEveryAnswerOfItsSource() {
        DemoSource db = new DemoSource.Database("127.0.0.1", 5433, "demo_reviews", DemoData.QUERY, 480);
        assertThat(DemoDriver.dataAnswers(db)).containsEntry("driver", "postgresql")
                .containsEntry("connection", "127.0.0.1:5433/demo_reviews").containsEntry("query", DemoData.QUERY)
                .containsEntry("labelled_rows", "480");
        assertThat(DemoDriver.goalAnswers("demo-task", db)).containsEntry("data_origin", "database")
                .containsEntry("task_name", "demo-task").containsEntry("data_size", "480");
        DemoSource file = new DemoSource.File(Path.of("reviews.csv"), "review", "sentiment", 480);
        assertThat(DemoDriver.dataAnswers(file)).containsEntry("source_path", "data/raw/reviews.csv")
                .containsEntry("mapping", "text=review, label=sentiment").doesNotContainKey("query");
        assertThat(DemoDriver.goalAnswers("demo-task", file)).containsEntry("data_origin", "file_import");
    }
}
