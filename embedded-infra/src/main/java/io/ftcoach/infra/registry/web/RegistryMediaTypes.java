package io.ftcoach.infra.registry.web;

/** Content types the Confluent API accepts and produces. */
public final class RegistryMediaTypes {

    public static final String V1_JSON = "application/vnd.schemaregistry.v1+json";
    public static final String JSON = "application/vnd.schemaregistry+json";
    public static final String PLAIN_JSON = "application/json";

    private RegistryMediaTypes() {
    }
}
