package io.ftcoach.ingest.domain;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code config.mode} of a database source: snapshot (the default) or continuous, nothing else. */
class DatabaseSourceModeTest {

    private final DataSourceFile file = new DataSourceFile(name -> null);

    @Test
    void continuousIsKeptInTheSourcesConfig() {
        DataSourceConfig config = file.parse(yaml("continuous"));
        assertThat(config.sources().get(0).configString("mode", "snapshot")).isEqualTo("continuous");
        assertThat(file.parse(yaml(null)).sources().get(0).configString("mode", "snapshot")).isEqualTo("snapshot");
    }

    @Test
    void anUnknownModeIsRefusedWithItsLineAndField() {
        assertThatThrownBy(() -> file.parse(yaml("streaming"))).isInstanceOfSatisfying(InvalidDataSourceException.class,
                e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                    assertThat(p.file()).isEqualTo("data_source.yaml");
                    assertThat(p.line()).isEqualTo(10);
                    assertThat(p.path()).isEqualTo("sources[0].config.mode");
                    assertThat(p.message()).contains("snapshot").contains("continuous");
                }));
    }

    private static byte[] yaml(String mode) {
        return ("""
                version: "1.0"
                sources:
                  - name: shop-db
                    type: database
                    config:
                      driver: postgresql
                      host: db.internal
                      database: shop
                      username: ${DB_USER}
                """ + (mode == null ? "" : "      mode: " + mode + "\n") + """
                    query: SELECT * FROM reviews
                    mapping: {text: review, label: sentiment}
                """).getBytes(StandardCharsets.UTF_8);
    }
}
