package io.ftcoach.lineage.domain;

import io.ftcoach.support.workspace.Workspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.ftcoach.lineage.domain.LineageOrderTest.TASK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineageValidationTest {

    @TempDir
    Path root;
    LineageStore store;
    Path v2;

    @BeforeEach
    void recordThreeVersions() {
        store = new LineageStore(new Workspace(root));
        LineageOrderTest.events().forEach(e -> e.accept(store));
        v2 = root.resolve("review-sentiment/versions/v2/lineage.yaml");
    }

    @Test
    void filesAsLineageWritesThemAreValidAndOnlyTheFirstVersionHasNoParent() {
        for (String v : new String[]{"v1", "v2", "v3-exp"}) {
            LineageValidation.Report r = store.validate(TASK, VersionName.of(v));
            assertThat(r.valid()).as("%s: %s", v, r.issues()).isTrue();
            assertThat(r.issues()).as(v).isEmpty();
            assertThat(r.file()).isEqualTo("review-sentiment/versions/" + v + "/lineage.yaml");
        }
    }

    @Test
    void brokenYamlIsReportedWithItsLineAndTheFileIsLeftAsItWas() throws Exception {
        String broken = Files.readString(v2).replace("parent: \"v1\"", "parent: \"v1");
        Files.writeString(v2, broken);
        LineageValidation.Report r = store.validate(TASK, VersionName.of("v2"));
        assertThat(r.valid()).isFalse();
        assertThat(r.issues()).first().satisfies(i -> {
            assertThat(i.severity()).isEqualTo(LineageValidation.Severity.ERROR);
            assertThat(i.message()).startsWith("not valid YAML");
            assertThat(i.line()).isNotNull().isGreaterThanOrEqualTo(4);
        });
        assertThat(Files.readString(v2)).isEqualTo(broken);
    }

    @Test
    void eachBrokenRuleNamesLineFieldAndWhatWasExpected() throws Exception {
        String text = Files.readString(v2)
                .replace("version: \"v2\"", "version: \"version-two\"")
                .replace("created: \"2026-11-21T10:00:00Z\"", "created: \"21/11/2026\"")
                .replace("parent: \"v1\"", "parent: null")
                .replace("  epochs: 6\n", "  epochs: \"six\"\n")
                .replace("  macro_f1: 0.815\n", "  macro_f1: 81.5\n")
                .replace("  decision: \"MET\"", "  decision: \"GREAT\"");
        text = text.substring(0, text.indexOf("changes:")) + text.substring(text.indexOf("deployment:"));
        Files.writeString(v2, text);

        LineageValidation.Report r = store.validate(TASK, VersionName.of("v2"));

        assertThat(r.valid()).isFalse();
        assertThat(r.issues()).extracting(LineageValidation.Issue::field).contains("version", "created", "parent",
                "config.epochs", "results.macro_f1", "analysis.decision", "changes");
        assertThat(r.issues()).filteredOn(i -> "created".equals(i.field())).singleElement().satisfies(i -> {
            assertThat(i.line()).isEqualTo(3);
            assertThat(i.message()).contains("'21/11/2026' is not an ISO-8601 timestamp");
        });
        assertThat(r.issues()).filteredOn(i -> "version".equals(i.field()))
                .extracting(LineageValidation.Issue::message)
                .anySatisfy(m -> assertThat(m).contains("folder of version 'v2'"))
                .anySatisfy(m -> assertThat(m).contains("not a version name of spec §6.1"));
        assertThat(r.issues()).filteredOn(i -> "parent".equals(i.field())).singleElement()
                .satisfies(i -> assertThat(i.message()).contains("only the task's first version may have no parent"));
        assertThat(r.issues()).filteredOn(i -> "changes".equals(i.field())).singleElement()
                .satisfies(i -> assertThat(i.message()).contains("required key is missing"));
        assertThat(r.issues()).filteredOn(i -> "config.epochs".equals(i.field())).singleElement()
                .satisfies(i -> assertThat(i.message()).contains("whole number", "'six'"));
        assertThat(r.issues()).anySatisfy(i -> assertThat(i.message()).contains("differs from what lineage-service"
                + " renders"));
    }

    @Test
    void anUnrecordedParentAndAPendingEvaluationAreReported() throws Exception {
        Files.writeString(v2, Files.readString(v2).replace("parent: \"v1\"", "parent: \"v0\""));
        LineageValidation.Report r = store.validate(TASK, VersionName.of("v2"));
        assertThat(r.issues()).filteredOn(i -> "parent".equals(i.field())).singleElement()
                .satisfies(i -> assertThat(i.message()).contains("'v0' is not recorded under versions/"));
        assertThatThrownBy(() -> store.validate(TASK, VersionName.of("v9")))
                .isInstanceOf(java.util.NoSuchElementException.class).hasMessageContaining("versions/v9/lineage.yaml");
    }
}
