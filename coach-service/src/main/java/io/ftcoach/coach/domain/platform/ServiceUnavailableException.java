package io.ftcoach.coach.domain.platform;

/**
 * Another service of the platform did not answer (not running, not reachable, or failing inside). The coach turns
 * it into a reply that names the service and how to start it, never into an error of its own.
 */
public final class ServiceUnavailableException extends RuntimeException {

    private final String service;
    private final String baseUrl;

    public ServiceUnavailableException(String service, String baseUrl, String reason, Throwable cause) {
        super(service + " at " + baseUrl + " did not answer: " + reason, cause);
        this.service = service;
        this.baseUrl = baseUrl;
    }

    public String service() {
        return service;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** How a person starts that service: the whole platform in one JVM, or just this service with compose. */
    public String howToStart() {
        return "start it with `docker compose up -d " + service + "` (or the whole platform with `ftcoach up`)";
    }
}
