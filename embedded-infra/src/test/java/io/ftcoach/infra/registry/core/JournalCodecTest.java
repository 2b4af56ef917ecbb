package io.ftcoach.infra.registry.core;

import io.ftcoach.infra.registry.core.JournalEntry.ConfigChange;
import io.ftcoach.infra.registry.core.JournalEntry.SchemaClaim;
import io.ftcoach.infra.registry.core.JournalEntry.SubjectDeletion;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JournalCodecTest {

    private static final String SCHEMA = TestSchemas.canonical(TestSchemas.record("A", TestSchemas.field("id", "string")));

    @Test
    void everyEntryTypeRoundTrips() {
        List<JournalEntry> entries = List.of(
                new SchemaClaim("s-value", 3, 17, SCHEMA, "nonce-1"),
                new ConfigChange(null, CompatibilityLevel.FULL),
                new ConfigChange("s-value", CompatibilityLevel.NONE),
                new ConfigChange("s-value", null),
                new SubjectDeletion("s-value", "nonce-2"));
        for (JournalEntry entry : entries) {
            assertThat(JournalCodec.decode(JournalCodec.key(entry), JournalCodec.value(entry))).contains(entry);
        }
    }

    @Test
    void configKeysDependOnlyOnTheSubjectSoCompactionKeepsTheLatest() {
        assertThat(JournalCodec.key(new ConfigChange("s", CompatibilityLevel.FULL)))
                .isEqualTo(JournalCodec.key(new ConfigChange("s", null)));
        assertThat(JournalCodec.value(new ConfigChange("s", null))).as("removal is a tombstone").isNull();
        assertThat(JournalCodec.key(new ConfigChange(null, CompatibilityLevel.FULL)))
                .isNotEqualTo(JournalCodec.key(new ConfigChange("s", CompatibilityLevel.FULL)));
    }

    @Test
    void claimKeysAreUniqueSoCompactionNeverDropsAClaim() {
        assertThat(JournalCodec.key(new SchemaClaim("s", 1, 1, SCHEMA, "a")))
                .isNotEqualTo(JournalCodec.key(new SchemaClaim("s", 1, 1, SCHEMA, "b")));
    }

    @Test
    void unknownRecordKindsAreSkippedAndMalformedOnesRejected() {
        assertThat(JournalCodec.decode("{\"keytype\":\"MODE\",\"magic\":1}", "{}")).isEmpty();
        assertThat(JournalCodec.decode("{\"keytype\":\"SCHEMA\",\"magic\":2}", "{}")).isEmpty();
        assertThatThrownBy(() -> JournalCodec.decode("not json", "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key is not JSON");
        assertThatThrownBy(() -> JournalCodec.decode("{\"keytype\":\"SCHEMA\",\"magic\":1,\"nonce\":\"n\"}",
                "{\"subject\":\"s\",\"version\":1}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'id'");
    }
}
