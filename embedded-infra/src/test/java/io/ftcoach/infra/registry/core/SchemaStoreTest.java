package io.ftcoach.infra.registry.core;

import io.ftcoach.infra.registry.core.JournalEntry.ConfigChange;
import io.ftcoach.infra.registry.core.JournalEntry.SchemaClaim;
import io.ftcoach.infra.registry.core.JournalEntry.SubjectDeletion;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.ftcoach.infra.registry.core.TestSchemas.canonical;
import static io.ftcoach.infra.registry.core.TestSchemas.field;
import static io.ftcoach.infra.registry.core.TestSchemas.record;
import static org.assertj.core.api.Assertions.assertThat;

class SchemaStoreTest {

    private static final String A = canonical(record("A", field("id", "string")));
    private static final String B = canonical(record("B", field("id", "string")));
    private static final String C = canonical(record("C", field("id", "string")));

    private final SchemaStore store = new SchemaStore(CompatibilityLevel.BACKWARD);

    private static SchemaClaim claim(String subject, int version, int id, String schema) {
        return new SchemaClaim(subject, version, id, schema, "n-" + subject + version + id + schema.hashCode());
    }

    @Test
    void acceptsConsistentClaimsAndAnswersFromThem() {
        assertThat(store.apply(claim("s", 1, 1, A))).isTrue();
        assertThat(store.apply(claim("s", 2, 2, B))).isTrue();
        assertThat(store.apply(claim("t", 1, 1, A))).as("same schema, other subject, same id").isTrue();

        assertThat(store.subjects(false)).containsExactly("s", "t");
        assertThat(store.liveVersions("s")).extracting(SchemaVersion::version, SchemaVersion::id)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 1), org.assertj.core.groups.Tuple.tuple(2, 2));
        assertThat(store.find("t", A)).map(SchemaVersion::version).contains(1);
        assertThat(store.find("t", B)).isEmpty();
        assertThat(store.canonicalById(2)).contains(B);
        assertThat(store.versionsUsing(1)).extracting(SchemaVersion::subject).containsExactly("s", "t");
        assertThat(store.nextVersion("s")).isEqualTo(3);
        assertThat(store.nextId()).isEqualTo(3);
        assertThat(store.idOf(A)).contains(1);
    }

    @Test
    void firstClaimOfAVersionWinsAndEveryReplayAgrees() {
        // two registries both claimed version 1 of "s" with different schemas and ids; the log holds both
        List<JournalEntry> log = List.of(claim("s", 1, 1, A), claim("s", 1, 2, B), claim("s", 2, 2, B));
        SchemaStore first = new SchemaStore(CompatibilityLevel.BACKWARD);
        SchemaStore second = new SchemaStore(CompatibilityLevel.BACKWARD);
        assertThat(log.stream().map(first::apply).toList()).containsExactly(true, false, true);
        log.forEach(second::apply);

        assertThat(first.holds(claim("s", 1, 2, B))).as("the loser sees it lost").isFalse();
        assertThat(first.holds(claim("s", 1, 1, A))).isTrue();
        assertThat(first.liveVersions("s")).isEqualTo(second.liveVersions("s"));
        assertThat(first.canonicalById(2)).contains(B);
    }

    @Test
    void rejectsAnIdTakenByAnotherSchemaAndASecondIdForAKnownSchema() {
        store.apply(claim("s", 1, 1, A));
        assertThat(store.apply(claim("t", 1, 1, B))).as("id 1 belongs to A").isFalse();
        assertThat(store.apply(claim("t", 1, 7, A))).as("A already has id 1").isFalse();
        assertThat(store.apply(claim("t", 1, 0, C))).as("ids start at 1").isFalse();
        assertThat(store.apply(claim("t", 2, 2, C))).as("version 2 before version 1").isFalse();
        assertThat(store.subjects(true)).containsExactly("s");
    }

    @Test
    void aDuplicateRegistrationOfALiveSchemaIsIgnored() {
        store.apply(claim("s", 1, 1, A));
        assertThat(store.apply(claim("s", 2, 1, A))).isFalse();
        assertThat(store.liveVersions("s")).hasSize(1);
    }

    @Test
    void softDeleteHidesVersionsButKeepsIdsAndVersionNumbers() {
        store.apply(claim("s", 1, 1, A));
        store.apply(claim("s", 2, 2, B));
        assertThat(store.apply(new SubjectDeletion("s", "d1"))).isTrue();

        assertThat(store.subjects(false)).isEmpty();
        assertThat(store.subjects(true)).containsExactly("s");
        assertThat(store.liveVersions("s")).isEmpty();
        assertThat(store.canonicalById(2)).as("records written with it must stay readable").contains(B);
        assertThat(store.nextVersion("s")).as("versions are never reused").isEqualTo(3);
        assertThat(store.apply(claim("s", 3, 1, A))).as("re-registering keeps the schema's id").isTrue();
        assertThat(store.liveVersions("s")).extracting(SchemaVersion::version).containsExactly(3);
        assertThat(store.apply(new SubjectDeletion("unknown", "d2"))).isFalse();
    }

    @Test
    void configChangesSetAndRemoveLevels() {
        assertThat(store.globalLevel()).isEqualTo(CompatibilityLevel.BACKWARD);
        store.apply(new ConfigChange(null, CompatibilityLevel.FULL));
        store.apply(new ConfigChange("s", CompatibilityLevel.NONE));
        assertThat(store.globalLevel()).isEqualTo(CompatibilityLevel.FULL);
        assertThat(store.effectiveLevel("s")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(store.effectiveLevel("t")).isEqualTo(CompatibilityLevel.FULL);
        store.apply(new ConfigChange("s", null));
        assertThat(store.subjectLevel("s")).isEmpty();
        assertThat(store.effectiveLevel("s")).isEqualTo(CompatibilityLevel.FULL);
    }

    @Test
    void aClaimWhoseSchemaDoesNotParseIsIgnored() {
        assertThat(store.apply(new SchemaClaim("s", 1, 1, "{not avro", "n"))).isFalse();
        assertThat(store.subjects(true)).isEmpty();
        assertThat(store.appliedEntries()).isEqualTo(1);
    }

    @Test
    void canonicalFormIgnoresWhitespaceButNotContent() {
        String spaced = "{ \"type\" : \"record\", \"name\" : \"A\", \"namespace\":\"io.ftcoach.test\",\n"
                + "  \"fields\" : [ { \"name\" : \"id\", \"type\" : \"string\" } ] }";
        assertThat(SchemaStore.parse(spaced).toString()).isEqualTo(A);
        assertThat(SchemaStore.parse(B).toString()).isNotEqualTo(A);
    }
}
