package io.ftcoach.coach.domain.chat;

import java.util.Map;

/** One turn of a conversation, as it is kept: who spoke, what, when, and (for the coach) what it understood. */
public record ChatMessage(String role, String text, String at, String intent, Map<String, String> slots) {

    public static final String PERSON = "person";
    public static final String COACH = "coach";
}
