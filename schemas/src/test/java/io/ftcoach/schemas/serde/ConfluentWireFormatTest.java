package io.ftcoach.schemas.serde;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfluentWireFormatTest {

    @Test
    void framesWithMagicByteAndBigEndianId() {
        byte[] framed = ConfluentWireFormat.frame(42, new byte[]{0x0e, 0x06});
        assertThat(HexFormat.of().formatHex(framed)).isEqualTo("000000002a0e06");
        assertThat(ConfluentWireFormat.schemaId(framed)).isEqualTo(42);
    }

    @Test
    void rejectsRecordsNotInTheWireFormat() {
        assertThatThrownBy(() -> ConfluentWireFormat.schemaId("{\"json\":1}".getBytes()))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("NOT_WIRE_FORMAT").hasMessageContaining("0x7b");
        assertThatThrownBy(() -> ConfluentWireFormat.schemaId(new byte[]{0, 0, 1}))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("3 bytes");
    }
}
