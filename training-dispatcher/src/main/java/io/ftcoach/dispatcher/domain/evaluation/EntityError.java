package io.ftcoach.dispatcher.domain.evaluation;

/**
 * One entity the model got wrong, for the error analysis.
 *
 * @param expected  the gold entity; null when the prediction has no gold counterpart ({@link Kind#SPURIOUS})
 * @param predicted the predicted entity; null when the gold entity was not found at all ({@link Kind#MISSED})
 */
public record EntityError(Kind kind, String input, Entity expected, Entity predicted, String rawOutput) {

    public enum Kind {
        /** a gold entity nothing predicted touches */
        MISSED,
        /** a predicted entity no gold entity touches */
        SPURIOUS,
        /** the right place with another type */
        WRONG_TYPE,
        /** the right type over an overlapping but different place: right for the type-match score only */
        WRONG_BOUNDARY;

        /** The results-file spelling. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public EntityError {
        input = input == null ? "" : input;
        rawOutput = rawOutput == null ? "" : rawOutput;
    }

    /** An entity as a person reads it: {@code 台積電 (ORG)}, with its span when it has one; empty for none. */
    public static String describe(Entity e) {
        if (e == null) {
            return "";
        }
        String span = e.hasSpan() ? " @" + e.start() + ".." + e.end() : "";
        return (e.text().isEmpty() ? "?" : e.text()) + " (" + e.type() + ")" + span;
    }
}
