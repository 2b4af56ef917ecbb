package io.ftcoach.support.events;

/** Headers added to a record sent to a dead-letter topic (documented in docs/topics.md). */
public final class DeadLetterHeaders {

    public static final String REASON = "ftcoach_dlt_reason";
    public static final String EXCEPTION = "ftcoach_dlt_exception";
    public static final String ORIGINAL_TOPIC = "ftcoach_dlt_original_topic";
    public static final String ORIGINAL_PARTITION = "ftcoach_dlt_original_partition";
    public static final String ORIGINAL_OFFSET = "ftcoach_dlt_original_offset";
    public static final String CONSUMER_GROUP = "ftcoach_dlt_consumer_group";
    public static final String FAILED_AT = "ftcoach_dlt_failed_at";

    private DeadLetterHeaders() {
    }
}
