package io.ftcoach.infra.registry.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import static io.ftcoach.infra.registry.core.TestSchemas.canonical;
import static io.ftcoach.infra.registry.core.TestSchemas.field;
import static io.ftcoach.infra.registry.core.TestSchemas.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The service's registration protocol over an in-memory log shared by two "registries" (two stores), so races
 * between registries can be staged deterministically. The Kafka-backed journal is tested in RegistryDurabilityTest.
 */
class SchemaRegistryServiceTest {

    private static final String V1 = record("Review", field("id", "string"));
    private static final String V2 = record("Review", field("id", "string"), field("note", "[\"null\",\"string\"]", "null"));
    private static final String V3_BREAKING = record("Review", field("id", "string"), field("reviewer", "string"));
    private static final String OTHER = record("Other", field("x", "int"));

    /** One shared totally ordered log; each registry applies it to its own store in order. */
    static final class SharedLog {
        final List<JournalEntry> entries = new ArrayList<>();

        Journal journalFor(SchemaStore store) {
            return new Journal(this, store);
        }
    }

    static final class Journal implements RegistryJournal {
        private final SharedLog log;
        private final SchemaStore store;
        private int applied;
        /** Runs once just before the next append: another registry writing between our sync and our write. */
        Consumer<SharedLog> beforeNextAppend;

        Journal(SharedLog log, SchemaStore store) {
            this.log = log;
            this.store = store;
        }

        @Override
        public void append(JournalEntry entry) {
            if (beforeNextAppend != null) {
                Consumer<SharedLog> interloper = beforeNextAppend;
                beforeNextAppend = null;
                interloper.accept(log);
            }
            log.entries.add(entry);
            sync();
        }

        @Override
        public void sync() {
            while (applied < log.entries.size()) {
                store.apply(log.entries.get(applied++));
            }
        }
    }

    private final SharedLog log = new SharedLog();
    private final SchemaStore store = new SchemaStore(CompatibilityLevel.BACKWARD);
    private final Journal journal = log.journalFor(store);
    private final SchemaRegistryService service = new SchemaRegistryService(store, journal);

    private static JournalEntry.SchemaClaim foreignClaim(String subject, int version, int id, String schema) {
        return new JournalEntry.SchemaClaim(subject, version, id, canonical(schema), UUID.randomUUID().toString());
    }

    @Test
    void registeringTheSameSchemaTwiceGivesTheSameIdAndNoNewVersion() {
        int id = service.register("s", V1, null);
        assertThat(service.register("s", V1.replace(",", " , "), "AVRO")).isEqualTo(id);
        assertThat(service.versions("s")).containsExactly(1);
        assertThat(service.register("t", V1, null)).as("same schema, other subject").isEqualTo(id);
        assertThat(service.register("s", V2, null)).isEqualTo(id + 1);
        assertThat(service.version("s", "latest").version()).isEqualTo(2);
        assertThat(log.entries).hasSize(3);
    }

    @Test
    void aClaimLostToAnotherRegistryIsRetriedOnTheNewState() {
        service.register("s", V1, null);
        // between our sync and our write, another registry takes version 2 and id 2 with a different schema
        journal.beforeNextAppend = l -> l.entries.add(foreignClaim("s", 2, 2, V2.replace("note", "comment")));

        int id = service.register("s", V2, null);

        assertThat(id).as("id 2 went to the other registry's schema").isEqualTo(3);
        assertThat(service.versions("s")).containsExactly(1, 2, 3);
        assertThat(service.version("s", "3").id()).isEqualTo(3);
    }

    @Test
    void aRaceForTheSameSchemaEndsWithTheWinnersId() {
        journal.beforeNextAppend = l -> l.entries.add(foreignClaim("s", 1, 1, V1));

        assertThat(service.register("s", V1, null)).isEqualTo(1);
        assertThat(service.versions("s")).containsExactly(1);
    }

    @Test
    void aLostRaceIsCheckedAgainForCompatibilityWithTheWinner() {
        service.register("s", V1, null);
        String ours = record("Review", field("id", "string"), field("reviewer", "string", "\"x\""));
        // compatible with version 1, but the other registry's version 2 makes "reviewer" an int first
        journal.beforeNextAppend = l -> l.entries.add(foreignClaim("s", 2, 2,
                record("Review", field("id", "string"), field("reviewer", "int", "0"))));

        assertThatThrownBy(() -> service.register("s", ours, null))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(409))
                .hasMessageContaining("field 'reviewer'");
    }

    @Test
    void incompatibleSchemasAreRefusedWithSubjectLevelFieldAndRule() {
        service.register("orders-value", V1, null);
        assertThatThrownBy(() -> service.register("orders-value", V3_BREAKING, null))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(409);
                    assertThat(e.httpStatus()).isEqualTo(409);
                })
                .hasMessageStartingWith("Schema being registered is incompatible with an earlier schema for subject "
                        + "\"orders-value\" (BACKWARD): READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1 field 'reviewer': ");
        assertThat(service.versions("orders-value")).containsExactly(1);
    }

    @Test
    void invalidSchemasAndTypesAre42201WithTheParserMessage() {
        assertThatThrownBy(() -> service.register("s", "{\"type\":\"record\",\"name\":\"R\"}", null))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(42201))
                .hasMessageContaining("Record has no fields");
        assertThatThrownBy(() -> service.register("s", V1, "PROTOBUF"))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(42201))
                .hasMessageContaining("PROTOBUF");
        assertThatThrownBy(() -> service.register("s", null, null))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(42201));
    }

    @Test
    void readsReportMissingThingsWithConfluentCodes() {
        service.register("s", V1, null);
        assertThat(service.lookUp("s", V1, null).id()).isEqualTo(1);
        assertThat(code(() -> service.lookUp("nope", V1, null))).isEqualTo(40401);
        assertThat(code(() -> service.lookUp("s", OTHER, null))).isEqualTo(40403);
        assertThat(code(() -> service.versions("nope"))).isEqualTo(40401);
        assertThat(code(() -> service.version("s", "2"))).isEqualTo(40402);
        assertThat(code(() -> service.version("s", "0"))).isEqualTo(42202);
        assertThat(code(() -> service.version("s", "first"))).isEqualTo(42202);
        assertThat(code(() -> service.schemaById("99"))).isEqualTo(40403);
        assertThat(code(() -> service.schemaById("abc"))).isEqualTo(40403);
        assertThat(service.version("s", "-1").version()).isEqualTo(1);
    }

    @Test
    void readsSyncWithTheLogBeforeReportingAMiss() {
        log.entries.add(foreignClaim("elsewhere", 1, 1, V1)); // written by another registry, not yet applied here
        assertThat(service.schemaById("1")).isEqualTo(canonical(V1));
        assertThat(service.versions("elsewhere")).containsExactly(1);
    }

    @Test
    void compatibilityTestsAgainstLatestOrAnExplicitVersion() {
        assertThat(service.testCompatibility("empty", "latest", V3_BREAKING, null).compatible())
                .as("nothing to break").isTrue();
        service.register("s", V1, null);
        service.register("s", V2, null);

        CompatibilityReport latest = service.testCompatibility("s", "latest", V3_BREAKING, null);
        assertThat(latest.compatible()).isFalse();
        assertThat(latest.messages()).singleElement().asString().contains("field 'reviewer'");
        assertThat(service.testCompatibility("s", "1", V2, null).compatible()).isTrue();
        assertThat(code(() -> service.testCompatibility("s", "9", V2, null))).isEqualTo(40402);
    }

    @Test
    void compatibilityLevelsAreSetReadAndRemoved() {
        assertThat(service.globalLevel()).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(service.setGlobalLevel("full")).isEqualTo(CompatibilityLevel.FULL);
        assertThat(service.subjectLevel("s", true)).isEqualTo(CompatibilityLevel.FULL);
        assertThat(code(() -> service.subjectLevel("s", false))).isEqualTo(40408);
        service.setSubjectLevel("s", "NONE");
        assertThat(service.subjectLevel("s", false)).isEqualTo(CompatibilityLevel.NONE);

        service.register("s", V1, null);
        assertThat(service.register("s", V3_BREAKING, null)).as("NONE lets anything through").isPositive();

        assertThat(service.deleteSubjectLevel("s")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(code(() -> service.deleteSubjectLevel("s"))).isEqualTo(40408);
        assertThat(code(() -> service.setSubjectLevel("s", "LOOSE"))).isEqualTo(42203);
    }

    @Test
    void softDeletedSubjectsDisappearButTheirSchemasStayReadableById() {
        int id = service.register("s", V1, null);
        assertThat(service.deleteSubject("s", false)).containsExactly(1);
        assertThat(service.subjects(false)).doesNotContain("s");
        assertThat(code(() -> service.versions("s"))).isEqualTo(40401);
        assertThat(service.schemaById(String.valueOf(id))).isEqualTo(canonical(V1));
        assertThat(code(() -> service.deleteSubject("s", true))).isEqualTo(42205);

        assertThat(service.register("s", V1, null)).isEqualTo(id);
        assertThat(service.versions("s")).containsExactly(2);
    }

    private static int code(Runnable call) {
        try {
            call.run();
        } catch (RegistryException e) {
            return e.errorCode();
        }
        throw new AssertionError("expected a RegistryException");
    }
}
