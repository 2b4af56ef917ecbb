package io.ftcoach.infra.registry.core;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.ftcoach.infra.registry.core.TestSchemas.field;
import static io.ftcoach.infra.registry.core.TestSchemas.parse;
import static io.ftcoach.infra.registry.core.TestSchemas.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompatibilityCheckerTest {

    private static final String ID = field("id", "string");
    private static final String NOTE_WITH_DEFAULT = field("note", "[\"null\",\"string\"]", "null");
    private static final String REVIEWER = field("reviewer", "string");

    private static SchemaVersion version(int v, String schema) {
        return new SchemaVersion("s", v, v, parse(schema).toString(), parse(schema));
    }

    private static Schema schema(String... fields) {
        return parse(record("Review", fields));
    }

    @Test
    void backwardRejectsANewFieldWithoutDefaultAndNamesIt() {
        List<String> problems = CompatibilityChecker.check(schema(ID, NOTE_WITH_DEFAULT, REVIEWER),
                List.of(version(1, record("Review", ID))), CompatibilityLevel.BACKWARD);

        assertThat(problems).singleElement().asString()
                .startsWith("READER_FIELD_MISSING_DEFAULT_VALUE at /fields/2 field 'reviewer': ")
                .contains("the new schema has field 'reviewer' with no default value and version 1 lacks it");
    }

    @Test
    void backwardAcceptsANewFieldWithADefaultAndARemovedField() {
        assertThat(CompatibilityChecker.check(schema(ID, NOTE_WITH_DEFAULT),
                List.of(version(1, record("Review", ID))), CompatibilityLevel.BACKWARD)).isEmpty();
        assertThat(CompatibilityChecker.check(schema(ID),
                List.of(version(1, record("Review", ID, REVIEWER))), CompatibilityLevel.BACKWARD)).isEmpty();
    }

    @Test
    void forwardIsTheOtherDirection() {
        // removing a field the old schema requires breaks old readers
        List<String> problems = CompatibilityChecker.check(schema(ID),
                List.of(version(1, record("Review", ID, REVIEWER))), CompatibilityLevel.FORWARD);
        assertThat(problems).singleElement().asString()
                .startsWith("READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1 field 'reviewer': version 1 has field");
        // adding a required field is fine for old readers, which ignore it
        assertThat(CompatibilityChecker.check(schema(ID, REVIEWER),
                List.of(version(1, record("Review", ID))), CompatibilityLevel.FORWARD)).isEmpty();
    }

    @Test
    void fullNeedsBothDirections() {
        List<SchemaVersion> v1 = List.of(version(1, record("Review", ID)));
        assertThat(CompatibilityChecker.check(schema(ID, REVIEWER), v1, CompatibilityLevel.FULL)).hasSize(1);
        assertThat(CompatibilityChecker.check(schema(ID, NOTE_WITH_DEFAULT), v1, CompatibilityLevel.FULL)).isEmpty();
    }

    @Test
    void transitiveLevelsCheckEveryEarlierVersion() {
        List<SchemaVersion> history = List.of(
                version(1, record("Review", ID)),
                version(2, record("Review", ID, field("reviewer", "string", "\"nobody\""))));
        Schema v3 = schema(ID, REVIEWER); // reads v2 data (has reviewer), not v1 data (lacks it)

        assertThat(CompatibilityChecker.check(v3, history, CompatibilityLevel.BACKWARD)).isEmpty();
        assertThat(CompatibilityChecker.check(v3, history, CompatibilityLevel.BACKWARD_TRANSITIVE))
                .singleElement().asString().contains("field 'reviewer'").contains("version 1");
        assertThat(CompatibilityChecker.check(v3, history, CompatibilityLevel.NONE)).isEmpty();
    }

    @Test
    void typeChangesInNestedRecordsNameTheFieldPath() {
        String writer = record("Review", ID, field("payload",
                record("Payload", field("score", "int"))));
        String reader = record("Review", ID, field("payload",
                record("Payload", field("score", "string"))));
        List<String> problems = CompatibilityChecker.check(parse(reader), List.of(version(1, writer)),
                CompatibilityLevel.BACKWARD);
        assertThat(problems).singleElement().asString()
                .startsWith("TYPE_MISMATCH at /fields/1/type/fields/0/type field 'payload.score': ")
                .contains("reader type: STRING not compatible with writer type: INT");
    }

    @Test
    void fieldPathFollowsArraysAndMapsAndStopsAtUnionBranches() {
        Schema s = parse(record("R",
                field("list", "{\"type\":\"array\",\"items\":" + record("Item", field("x", "int")) + "}"),
                field("u", "[\"null\",\"string\"]")));
        assertThat(CompatibilityChecker.fieldPath(s, "/fields/0/type/items/fields/0")).isEqualTo("list.x");
        assertThat(CompatibilityChecker.fieldPath(s, "/fields/1/type/1")).isEqualTo("u");
        assertThat(CompatibilityChecker.fieldPath(s, "")).isEmpty();
        assertThat(CompatibilityChecker.fieldPath(s, "/fields/9")).isEmpty();
    }

    @Test
    void levelsParseCaseInsensitivelyAndRejectUnknownNamesWith42203() {
        assertThat(CompatibilityLevel.parse("full_transitive")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(CompatibilityLevel.FULL_TRANSITIVE.nonTransitive()).isEqualTo(CompatibilityLevel.FULL);
        assertThatThrownBy(() -> CompatibilityLevel.parse("SOMETIMES"))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(42203);
                    assertThat(e.httpStatus()).isEqualTo(422);
                })
                .hasMessageContaining("'SOMETIMES'").hasMessageContaining("BACKWARD_TRANSITIVE");
    }
}
