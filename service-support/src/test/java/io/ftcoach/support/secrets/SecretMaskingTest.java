package io.ftcoach.support.secrets;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SecretMaskingTest {

    @Test
    void everySecretGoesAsWrittenAndUrlEncodedAndNothingElseChanges() {
        assertThat(SecretMasking.mask("GET /v1?key=a%2Bb%2Fc&x=1 Authorization: Bearer a+b/c, token hf_123",
                List.of("a+b/c", "hf_123"))).isEqualTo("GET /v1?key=****&x=1 Authorization: Bearer ****, token ****");
        assertThat(SecretMasking.mask("nothing secret", Arrays.asList(null, ""))).isEqualTo("nothing secret");
        assertThat(SecretMasking.mask(null, List.of("s"))).isNull();
    }
}
