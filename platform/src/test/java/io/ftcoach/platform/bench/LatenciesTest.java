package io.ftcoach.platform.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LatenciesTest {

    @Test
    void nearestRankPercentilesInMilliseconds() {
        List<Long> nanos = new ArrayList<>();
        for (long ms = 1; ms <= 1000; ms++) {
            nanos.add(ms * 1_000_000);
        }
        Collections.shuffle(nanos);
        Latencies l = Latencies.of("hop", nanos);
        assertThat(l.count()).isEqualTo(1000);
        assertThat(l.p50()).isEqualTo(500.0);
        assertThat(l.p90()).isEqualTo(900.0);
        assertThat(l.p99()).isEqualTo(990.0);
        assertThat(l.max()).isEqualTo(1000.0);
        assertThat(l.row()).isEqualTo("| hop | 1000 | 500.00 | 900.00 | 990.00 | 1000.00 |");
    }

    @Test
    void aSingleMeasurementIsEveryPercentileAndNoneIsAnError() {
        Latencies one = Latencies.of("one", List.of(2_500_000L));
        assertThat(one.p50()).isEqualTo(2.5);
        assertThat(one.p99()).isEqualTo(2.5);
        assertThatThrownBy(() -> Latencies.of("none", List.of())).hasMessageContaining("none: nothing measured");
    }
}
