package io.ftcoach.infra.postgres;

import io.ftcoach.infra.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalPostgresTest {

    private final LocalPostgres postgres = TestInfrastructure.shared().postgres();

    @Test
    void walLevelIsLogicalAndAPgoutputSlotCanBeCreated() throws Exception {
        assertThat(postgres.user()).isEqualTo("postgres");
        String url = postgres.createDatabase("slot_test");
        assertThat(url).isEqualTo(postgres.jdbcUrl("slot_test"));
        try (Connection c = postgres.connect("slot_test"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SHOW wal_level")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("logical");
            }
            try (ResultSet rs = s.executeQuery("SELECT slot_name FROM pg_create_logical_replication_slot('t', 'pgoutput')")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("slot_name")).isEqualTo("t");
            }
            try (ResultSet rs = s.executeQuery("SELECT plugin, slot_type FROM pg_replication_slots WHERE slot_name = 't'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("plugin")).isEqualTo("pgoutput");
                assertThat(rs.getString("slot_type")).isEqualTo("logical");
            }
            s.execute("SELECT pg_drop_replication_slot('t')");
            try (ResultSet rs = s.executeQuery("SHOW server_version")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).startsWith("15.");
            }
        }
        assertThat(postgres.createDatabase("slot_test")).as("creating an existing database is a no-op").isEqualTo(url);
    }

    @Test
    void databaseNamesAreValidated() {
        assertThatThrownBy(() -> postgres.createDatabase("bad\"; DROP DATABASE postgres; --"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("database name must match");
    }

    @Test
    void missingBinariesNameTheAptPackageAndTheOverride(@TempDir Path empty) {
        assertThatThrownBy(() -> LocalPostgres.start(empty, empty.resolve("bin")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("postgresql-15")
                .hasMessageContaining(LocalPostgres.BIN_ENV);
    }

    @Test
    void aSecondClusterStartsStopsAndCleansUp(@TempDir Path unused) throws Exception {
        LocalPostgres own = LocalPostgres.start();
        try (Connection c = own.connect("postgres"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
        }
        assertThat(own.port()).isNotEqualTo(postgres.port());
        own.close();
        own.close(); // idempotent
        assertThatThrownBy(() -> own.connect("postgres")).isInstanceOf(java.sql.SQLException.class);
    }
}
