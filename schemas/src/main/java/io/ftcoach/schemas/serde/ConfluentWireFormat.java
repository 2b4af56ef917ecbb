package io.ftcoach.schemas.serde;

import java.nio.ByteBuffer;

/** Confluent's framing: magic byte 0, the schema id as a big-endian int32, then the Avro binary body. */
public final class ConfluentWireFormat {

    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_LENGTH = 5;

    private ConfluentWireFormat() {
    }

    public static byte[] frame(int schemaId, byte[] avroBody) {
        return ByteBuffer.allocate(HEADER_LENGTH + avroBody.length)
                .put(MAGIC_BYTE).putInt(schemaId).put(avroBody).array();
    }

    /** The schema id of a framed record; throws when the bytes are not in the wire format. */
    public static int schemaId(byte[] record) {
        if (record == null || record.length < HEADER_LENGTH) {
            throw new WireFormatException(WireFormatException.Reason.NOT_WIRE_FORMAT,
                    "record has " + (record == null ? 0 : record.length) + " bytes, the wire format needs at least "
                            + HEADER_LENGTH + " (magic byte + 4-byte schema id)", null);
        }
        if (record[0] != MAGIC_BYTE) {
            throw new WireFormatException(WireFormatException.Reason.NOT_WIRE_FORMAT,
                    String.format("first byte is 0x%02x, the Confluent wire format starts with magic byte 0x00", record[0]),
                    null);
        }
        return ByteBuffer.wrap(record, 1, 4).getInt();
    }
}
