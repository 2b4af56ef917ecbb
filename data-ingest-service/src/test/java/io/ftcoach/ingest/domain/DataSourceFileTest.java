package io.ftcoach.ingest.domain;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class DataSourceFileTest {

    private final DataSourceFile file = new DataSourceFile(Map.of("DB_USER", "reader")::get);

    static final String VALID = """
            version: "1.0"
            created: "2026-01-02"
            sources:
              - name: reviews
                type: file_import
                config:
                  source_path: data/raw/reviews.csv
                  format: csv
                  encoding: utf-8
                  delimiter: ","
                mapping:
                  text: review
                  label: label
              - name: orders-db
                type: database
                enabled: false
                config:
                  driver: postgresql
                  host: localhost
                  port: 5432
                  database: shop
                  username: ${DB_USER}
                  password: ${DB_PASSWORD}
                query: |
                  SELECT text, label FROM reviews
                output:
                  format: jsonl
                  path: data/raw/orders.jsonl
                  fields: [text, label]
            merge:
              enabled: true
              output_path: data/raw/merged.jsonl
              deduplication: {enabled: true, key: text}
              shuffle: true
              random_seed: 7
            split:
              enabled: true
              ratios: {train: 0.8, valid: 0.1, test: 0.1}
              stratify_by: label
              random_seed: 11
              output: {train: data/train.jsonl, valid: data/valid.jsonl, test: data/test.jsonl}
            regeneration:
              script: scripts/01_regenerate_data.py
              triggers: [source_config_changed, manual]
            """;

    @Test
    void readsTheDetailedShape() {
        DataSourceConfig config = parse(VALID);

        assertThat(config.version()).isEqualTo("1.0");
        assertThat(config.sha256()).isEqualTo(Sha256.hex(VALID));
        assertThat(config.sources()).extracting(SourceDefinition::name, SourceDefinition::type,
                SourceDefinition::enabled).containsExactly(tuple("reviews", "file_import", true),
                tuple("orders-db", "database", false));
        SourceDefinition reviews = config.sources().get(0);
        assertThat(reviews.mapping()).isEqualTo(Map.of("text", "review", "label", "label"));
        assertThat(reviews.configString("source_path", null)).isEqualTo("data/raw/reviews.csv");
        assertThat(reviews.rawOutputPath()).isEqualTo("data/raw/reviews.jsonl");
        assertThat(config.sources().get(1).rawOutputPath()).isEqualTo("data/raw/orders.jsonl");
        assertThat(config.merge()).isEqualTo(new DataSourceConfig.Merge(true, "data/raw/merged.jsonl", true, "text",
                true, 7));
        assertThat(config.split()).isEqualTo(new DataSourceConfig.SplitSettings(true, 0.8, 0.1, 0.1, true, 11));
    }

    @Test
    void listsTheVariablesItNeedsAndWhichAreUnsetWithoutTheirValues() {
        assertThat(parse(VALID).environment()).containsExactly(
                new EnvVariable("DB_USER", java.util.List.of("sources[1].config.username"), true),
                new EnvVariable("DB_PASSWORD", java.util.List.of("sources[1].config.password"), false));
    }

    @Test
    void mergeAndSplitDefaultToTheSpec() {
        DataSourceConfig config = parse("""
                version: "1.0"
                sources:
                  - name: a
                    type: file_import
                    config: {source_path: a.jsonl, format: jsonl}
                    mapping: {text: t, label: l}
                """);
        assertThat(config.merge()).isEqualTo(new DataSourceConfig.Merge(true, "data/raw/merged.jsonl", true, "text",
                true, 42));
        assertThat(config.split()).isEqualTo(new DataSourceConfig.SplitSettings(true, 0.7, 0.15, 0.15, true, 42));
    }

    @Test
    void aLiteralPasswordIsRefusedNamingTheFieldAndTheVariable() {
        String yaml = VALID.replace("password: ${DB_PASSWORD}", "password: hunter2");
        assertThatThrownBy(() -> parse(yaml)).isInstanceOfSatisfying(InvalidDataSourceException.class, e -> {
            assertThat(e.problems()).extracting(ConfigProblem::file, ConfigProblem::line, ConfigProblem::path)
                    .containsExactly(tuple("data_source.yaml", 23, "sources[1].config.password"));
            assertThat(e.problems().get(0).message()).startsWith("write ${DB_PASSWORD}, not the password itself");
            assertThat(e.getMessage()).startsWith(
                    "data_source.yaml:23: sources[1].config.password: write ${DB_PASSWORD}, not the password itself")
                    .doesNotContain("hunter2");
        });
    }

    @Test
    void literalTokensApiKeysAndUrlPasswordsAreRefusedToo() {
        String yaml = """
                version: "1.0"
                sources:
                  - name: shop-api
                    type: api
                    config:
                      base_url: https://shop.example/api
                      auth: {type: bearer, token: abc123}
                    requests: [{endpoint: /reviews}]
                  - name: gen
                    type: llm_generated
                    config: {model: gpt-4o, api_key: sk-123}
                    generation: {prompt_template: "write {count} {label}", variations: [{label: a, count: 3}]}
                  - name: db
                    type: database
                    config: {driver: postgresql, connection: "postgresql://app:s3cret@db/shop"}
                    query: SELECT 1
                """;
        assertThatThrownBy(() -> parse(yaml)).isInstanceOfSatisfying(InvalidDataSourceException.class, e ->
                assertThat(e.problems()).extracting(ConfigProblem::line, ConfigProblem::path, ConfigProblem::message)
                        .containsExactly(
                                tuple(7, "sources[0].config.auth.token", "write ${API_TOKEN}, not the token itself "
                                        + "(secrets stay in the environment, e.g. a .env file listed in .gitignore)"),
                                tuple(11, "sources[1].config.api_key", "write ${OPENAI_API_KEY}, not the api key "
                                        + "itself (secrets stay in the environment, e.g. a .env file listed in "
                                        + ".gitignore)"),
                                tuple(15, "sources[2].config.connection", "the URL carries a password: write "
                                        + "${DB_PASSWORD} in its place, not the password itself")));
    }

    @Test
    void schemaErrorsNameTheLineTheFieldAndWhatIsExpected() {
        String yaml = """
                version: "1.0"
                sources:
                  - name: reviews
                    type: file_import
                    config:
                      format: xlsx
                    mapping:
                      text: review
                sourcs: []
                """;
        assertThatThrownBy(() -> parse(yaml)).isInstanceOfSatisfying(InvalidDataSourceException.class, e -> {
            assertThat(e.problems()).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
                    "sources[0].config.source_path", "sources[0].config.format", "sources[0].mapping.label",
                    "sourcs");
            assertThat(e.problems()).allSatisfy(p -> assertThat(p.line()).isNotNull());
            assertThat(e.problems()).filteredOn(p -> p.path().equals("sources[0].config.format")).singleElement()
                    .satisfies(p -> {
                        assertThat(p.line()).isEqualTo(6);
                        assertThat(p.message()).contains("\"csv\", \"json\", \"jsonl\"");
                    });
            assertThat(e.problems()).filteredOn(p -> p.path().equals("sourcs")).singleElement()
                    .satisfies(p -> assertThat(p.message()).startsWith("is not a known field here"));
        });
    }

    @Test
    void pathsMustStayInTheTaskFolderAndRatiosAddUpToOne() {
        String yaml = """
                version: "1.0"
                sources:
                  - name: a
                    type: file_import
                    config: {source_path: ../other-task/data.csv, format: csv}
                    mapping: {text: t, label: l}
                split:
                  ratios: {train: 0.7, valid: 0.2, test: 0.2}
                """;
        assertThatThrownBy(() -> parse(yaml)).isInstanceOfSatisfying(InvalidDataSourceException.class, e ->
                assertThat(e.problems()).extracting(ConfigProblem::line, ConfigProblem::path).containsExactly(
                        tuple(5, "sources[0].config.source_path"), tuple(8, "split.ratios")));
        assertThatThrownBy(() -> parse(yaml.replace("../other-task/data.csv", "/etc/passwd")))
                .isInstanceOf(InvalidDataSourceException.class).hasMessageContaining("sources[0].config.source_path");
    }

    @Test
    void brokenYamlAndEmptyFilesSayWhere() {
        assertThatThrownBy(() -> parse("version: \"1.0\"\nsources: [\n  - a: b\n"))
                .isInstanceOf(InvalidDataSourceException.class).hasMessageStartingWith("data_source.yaml:")
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> parse("  \n")).isInstanceOf(InvalidDataSourceException.class)
                .hasMessageContaining("the file is empty");
        assertThatThrownBy(() -> file.parse(new byte[]{'v', ':', ' ', (byte) 0xC3, 0x28}))
                .isInstanceOf(InvalidDataSourceException.class).hasMessageContaining("not valid UTF-8");
    }

    private DataSourceConfig parse(String yaml) {
        return file.parse(yaml.getBytes(StandardCharsets.UTF_8));
    }
}
