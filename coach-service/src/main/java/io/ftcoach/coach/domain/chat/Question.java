package io.ftcoach.coach.domain.chat;

import java.util.List;

/**
 * What the coach asks next: the slot the answer fills, the question in the person's language, the options to
 * choose from (empty when the answer is free) and an example answer.
 */
public record Question(String slot, String text, List<String> options, String example) {

    public Question {
        options = List.copyOf(options);
    }
}
