package io.ftcoach.dispatcher.domain.evaluation;

/**
 * One named entity of a sentence: its type and where it is. With offsets ({@code start} inclusive, {@code end}
 * exclusive, in characters of the input or in tokens for BIO-tagged rows) the span identifies it; without them
 * ({@code start = end = -1}) its text does.
 */
public record Entity(String type, String text, int start, int end) {

    public Entity {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("An entity needs a type");
        }
        text = text == null ? "" : text;
        if ((start < 0) != (end < 0) || (start >= 0 && end <= start)) {
            throw new IllegalArgumentException("An entity's span needs 0 <= start < end, or neither, was start " + start
                    + ", end " + end);
        }
        if (start < 0 && text.isEmpty()) {
            throw new IllegalArgumentException("An entity needs its text or its span");
        }
    }

    public static Entity span(String type, int start, int end, String text) {
        return new Entity(type, text, start, end);
    }

    public static Entity text(String type, String text) {
        return new Entity(type, text, -1, -1);
    }

    public boolean hasSpan() {
        return start >= 0;
    }

    /** Same place: the same span, or the same text when either has no span. */
    boolean sameBoundaries(Entity o) {
        return hasSpan() && o.hasSpan() ? start == o.start && end == o.end : text.equals(o.text);
    }

    /** Some part in common: overlapping spans, or one text inside the other when either has no span. */
    boolean overlaps(Entity o) {
        if (hasSpan() && o.hasSpan()) {
            return start < o.end && o.start < end;
        }
        return !text.isEmpty() && !o.text.isEmpty() && (text.contains(o.text) || o.text.contains(text));
    }
}
