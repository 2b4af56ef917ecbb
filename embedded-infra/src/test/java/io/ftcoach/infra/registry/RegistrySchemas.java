package io.ftcoach.infra.registry;

import org.apache.avro.Schema;

/** An evolving "Review" record for the registry's HTTP tests. */
final class RegistrySchemas {

    static final String V1_TEXT = "{\"type\":\"record\",\"name\":\"Review\",\"namespace\":\"io.ftcoach.test\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";
    /** Adds an optional field: BACKWARD compatible with v1. */
    static final String V2_TEXT = "{\"type\":\"record\",\"name\":\"Review\",\"namespace\":\"io.ftcoach.test\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
            + "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}]}";
    /** Adds a required field: not BACKWARD compatible. */
    static final String V3_BREAKING_TEXT = "{\"type\":\"record\",\"name\":\"Review\",\"namespace\":\"io.ftcoach.test\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
            + "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null},"
            + "{\"name\":\"reviewer\",\"type\":\"string\"}]}";

    static final Schema V1 = parse(V1_TEXT);
    static final Schema V2 = parse(V2_TEXT);
    static final Schema V3_BREAKING = parse(V3_BREAKING_TEXT);

    private RegistrySchemas() {
    }

    static Schema parse(String text) {
        return new Schema.Parser().parse(text);
    }

    /** A distinct schema per index, for tests that need many. */
    static Schema numbered(int i) {
        return parse("{\"type\":\"record\",\"name\":\"R" + i + "\",\"namespace\":\"io.ftcoach.test\","
                + "\"fields\":[{\"name\":\"f" + i + "\",\"type\":\"int\"}]}");
    }
}
