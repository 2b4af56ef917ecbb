package io.ftcoach.infra.registry.core;

import org.apache.avro.Schema;

/** Small Avro schemas for the registry's tests, built as text so each test states its evolution step plainly. */
final class TestSchemas {

    private TestSchemas() {
    }

    /** {@code record <name> { fields }} with fields given as Avro JSON fragments. */
    static String record(String name, String... fields) {
        return "{\"type\":\"record\",\"name\":\"" + name + "\",\"namespace\":\"io.ftcoach.test\",\"fields\":["
                + String.join(",", fields) + "]}";
    }

    static String field(String name, String type) {
        return "{\"name\":\"" + name + "\",\"type\":" + quoteIfPrimitive(type) + "}";
    }

    static String field(String name, String type, String defaultJson) {
        return "{\"name\":\"" + name + "\",\"type\":" + quoteIfPrimitive(type) + ",\"default\":" + defaultJson + "}";
    }

    static Schema parse(String text) {
        return new Schema.Parser().parse(text);
    }

    static String canonical(String text) {
        return parse(text).toString();
    }

    private static String quoteIfPrimitive(String type) {
        return type.startsWith("{") || type.startsWith("[") || type.startsWith("\"") ? type : "\"" + type + "\"";
    }
}
