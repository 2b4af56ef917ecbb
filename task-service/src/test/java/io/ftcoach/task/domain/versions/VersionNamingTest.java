package io.ftcoach.task.domain.versions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VersionNamingTest {

    private static final LocalDate DAY = LocalDate.parse("2026-01-06");

    @ParameterizedTest(name = "{0}: existing [{1}], parent {2}, {3} → {4}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            semantic |                      | -     | FIRST      | v1
            semantic |                      | -     | EXPERIMENT | v1-exp
            semantic | v1                   | v1    | MAJOR      | v2
            semantic | v1                   | v1    | MINOR      | v1.1
            semantic | v1 v1.1              | v1.1  | MINOR      | v1.2
            semantic | v1 v1.1 v2           | v1.1  | MINOR      | v1.2
            semantic | v1 v2 v2.1           | v2.1  | MINOR      | v2.2
            semantic | v1 v2                | v1    | MINOR      | v1.1
            semantic | v1 v2                | v2    | MAJOR      | v3
            semantic | v1 v2                | v2    | EXPERIMENT | v3-exp
            semantic | v1 v2 v3-exp         | v2    | EXPERIMENT | v4-exp
            semantic | v1 v3-exp            | v1    | MAJOR      | v4
            semantic | 2026-01-05           | 2026-01-05 | MINOR | v1
            date     |                      | -     | FIRST      | 2026-01-06
            date     | 2026-01-05           | 2026-01-05 | MINOR | 2026-01-06
            hybrid   |                      | -     | FIRST      | v1-20260106
            hybrid   | v1-20260105          | v1-20260105 | MINOR | v2-20260106
            hybrid   | v1-20260105 v2_1767657600 | v2_1767657600 | MAJOR | v3-20260106
            """)
    void namesFollowTheStrategy(String strategy, String existing, String parent, ChangeKind kind, String expected) {
        List<String> names = existing == null ? List.of() : Arrays.asList(existing.trim().split("\\s+"));
        assertThat(VersionNaming.next(strategy, names, parent, kind, DAY)).isEqualTo(expected);
    }

    @Test
    void dateVersioningNamesOneVersionADay() {
        assertThatThrownBy(() -> VersionNaming.next("date", List.of("2026-01-06"), "2026-01-06", ChangeKind.MINOR, DAY))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("exists already")
                .hasMessageContaining("20260106").hasMessageContaining("hybrid");
    }

    @Test
    void anUnknownStrategyIsRefused() {
        assertThatThrownBy(() -> VersionNaming.next("yearly", List.of(), null, ChangeKind.FIRST, DAY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'yearly' is not one of");
    }
}
