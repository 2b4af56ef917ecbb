package io.ftcoach.coach.domain.chat;

import java.util.Map;

/**
 * The coach's answer to one message.
 *
 * @param text     the reply, in the person's language
 * @param language zh-TW, zh-CN or en
 * @param intent   the recognised intent (names of intents-sample.yaml; {@code unknown} when not understood)
 * @param slots    the recognised slots (names of intents-sample.yaml)
 * @param question what the coach asks next, or null
 * @param state    the session's state after this message: {@value ChatSession#IDLE} or
 *                 {@value ChatSession#AWAITING_ANSWER}
 */
public record ChatReply(String sessionId, String text, String language, String intent, Map<String, String> slots,
                        Question question, String state) {
}
