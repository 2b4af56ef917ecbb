package io.ftcoach.dispatcher.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackendsTest {

    @Test
    void findsARegisteredBackendByName() {
        Backends backends = new Backends(List.of(new InstantBackend()));
        assertThat(backends.find(InstantBackend.NAME)).containsInstanceOf(InstantBackend.class);
        assertThat(backends.find("baseline")).isEmpty();
        assertThat(backends.names()).containsExactly(InstantBackend.NAME);
    }

    @Test
    void refusesTwoBackendsWithOneName() {
        assertThatThrownBy(() -> new Backends(List.of(new InstantBackend(), new InstantBackend())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'instant-test'");
    }

    @Test
    void explainsWhyABackendCannotRun() {
        assertThat(new Backends(List.of()).unavailableReason("ssh")).startsWith(
                "Backend 'ssh' is not available in this build yet: the training backends (baseline, local, ssh, "
                        + "kubernetes, skypilot) are not installed.");
        assertThat(new Backends(List.of()).unavailableReason("colab"))
                .startsWith("Backend 'colab' is not a training backend: choose one of baseline, local");
        assertThat(new Backends(List.of(new InstantBackend())).unavailableReason("kubernetes"))
                .startsWith("Backend 'kubernetes' is not available in this build, which provides instant-test.");
    }
}
