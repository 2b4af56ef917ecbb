package io.ftcoach.coach.domain.chat;

import io.ftcoach.coach.domain.routing.Intent;
import io.ftcoach.coach.domain.routing.IntentRouter;
import io.ftcoach.coach.domain.routing.Language;
import io.ftcoach.coach.domain.routing.Route;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One turn of the chat: routes the message, completes an open question with the answer, asks for what is
 * still missing, and replies in the person's language with what it understood and what comes next.
 *
 * <p>The agents and the calls to the other services are not connected yet: every reply says so, and nothing
 * is claimed to have been done.
 */
public final class Coach {

    public static final int MAX_TEXT = 4000;

    /** Intents that act on one task and need its name. */
    private static final Set<Intent> NEED_TASK = Set.of(Intent.TASK_STATUS, Intent.VERSION_COMPARE,
            Intent.DATA_CONFIGURE, Intent.PROJECT_GENERATE, Intent.TRAINING_START, Intent.EVALUATION_RUN,
            Intent.RESULT_ANALYZE, Intent.PROBLEM_DIAGNOSE, Intent.MODEL_DEPLOY);

    private final IntentRouter router;
    private final Clock clock;

    public Coach(IntentRouter router, Clock clock) {
        this.router = router;
        this.clock = clock;
    }

    /** The outcome of one message: the session to keep and the reply to send. */
    public record Turn(ChatSession session, ChatReply reply) {
    }

    /**
     * @throws IllegalArgumentException for an empty text or one longer than {@value #MAX_TEXT} characters
     */
    public Turn answer(ChatSession session, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("The message text is empty; write what you want, or /help.");
        }
        if (text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("The message is " + text.length() + " characters long; at most "
                    + MAX_TEXT + " are accepted.");
        }
        String now = clock.instant().toString();
        Route route = router.route(text);
        Language language = route.language();
        Intent intent = route.intent();
        Map<String, String> slots = new LinkedHashMap<>(route.slots());

        // an answer to the open question completes the intent that asked it
        if (session.question() != null && session.pendingIntent() != null
                && (intent == Intent.UNKNOWN || intent.id().equals(session.pendingIntent()))) {
            Map<String, String> filled = fill(session.question().slot(), text, route);
            if (!filled.isEmpty()) {
                intent = Intent.ofId(session.pendingIntent());
                Map<String, String> merged = new LinkedHashMap<>(session.pendingSlots());
                merged.putAll(slots);
                merged.putAll(filled);
                slots = merged;
                if (Language.EN == route.language() && session.language() != null) {
                    // a bare answer such as "news-ner" or "ollama" keeps the conversation's language
                    language = languageOf(session.language());
                }
            }
        }

        String invalidTask = null;
        String task = slots.get(IntentRouter.TASK);
        if (task != null && !IntentRouter.isTaskName(task)) {
            invalidTask = task;
            slots.remove(IntentRouter.TASK);
        }
        Question question = question(intent, slots, language);
        String reply = Replies.reply(intent, slots, route, invalidTask, question, language);

        ChatSession next = session.with(now, language.tag(), intent.id(), slots, question, List.of(
                new ChatMessage(ChatMessage.PERSON, text, now, null, null),
                new ChatMessage(ChatMessage.COACH, reply, now, intent.id(), ordered(slots))));
        return new Turn(next, new ChatReply(session.id(), reply, language.tag(), intent.id(), ordered(slots),
                question, next.state()));
    }

    private static Language languageOf(String tag) {
        for (Language l : Language.values()) {
            if (l.tag().equals(tag)) {
                return l;
            }
        }
        return Language.EN;
    }

    private static Map<String, String> ordered(Map<String, String> slots) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(slots));
    }

    private static Map<String, String> fill(String slot, String text, Route route) {
        Map<String, String> filled = new LinkedHashMap<>();
        String answer = text.strip().toLowerCase(java.util.Locale.ROOT);
        switch (slot) {
            case IntentRouter.TASK -> {
                String task = route.slot(IntentRouter.TASK);
                if (task == null && IntentRouter.isTaskName(answer)) {
                    task = answer;
                }
                if (task != null) {
                    filled.put(IntentRouter.TASK, task);
                }
            }
            case IntentRouter.SOURCE_TYPE -> {
                String type = IntentRouter.sourceTypeIn(text);
                if (type != null) {
                    filled.put(IntentRouter.SOURCE_TYPE, type);
                }
            }
            case IntentRouter.TARGET -> {
                String target = IntentRouter.targetIn(text);
                if (target != null) {
                    filled.put(IntentRouter.TARGET, target);
                }
            }
            case "versions" -> {
                List<String> versions = IntentRouter.versionsIn(text);
                if (versions.size() >= 2) {
                    filled.put(IntentRouter.FROM, versions.get(0));
                    filled.put(IntentRouter.TO, versions.get(1));
                }
            }
            default -> {
            }
        }
        return filled;
    }

    private static Question question(Intent intent, Map<String, String> slots, Language language) {
        if (intent == Intent.TASK_CREATE && !slots.containsKey(IntentRouter.TASK)) {
            return new Question(IntentRouter.TASK, Replies.pick(language,
                    "What should the task be called? Use kebab-case: lower-case letters, digits and hyphens.",
                    "任務要叫什麼名字？請用 kebab-case：小寫英文字母、數字與連字號。",
                    "任务要叫什么名字？请用 kebab-case：小写英文字母、数字与连字符。"),
                    List.of(), "entity-sentiment");
        }
        if (NEED_TASK.contains(intent) && !slots.containsKey(IntentRouter.TASK)) {
            return new Question(IntentRouter.TASK, Replies.pick(language, "Which task is it about?",
                    "是哪一個任務？", "是哪一个任务？"), List.of(), "entity-sentiment");
        }
        if (intent == Intent.VERSION_COMPARE && !(slots.containsKey(IntentRouter.FROM)
                && slots.containsKey(IntentRouter.TO))) {
            return new Question("versions", Replies.pick(language, "Which two versions should be compared?",
                    "要比較哪兩個版本？", "要比较哪两个版本？"), List.of(), "v1 v2");
        }
        if (intent == Intent.DATA_CONFIGURE && !slots.containsKey(IntentRouter.SOURCE_TYPE)) {
            return new Question(IntentRouter.SOURCE_TYPE, Replies.pick(language, "Where does the data come from?",
                    "資料從哪裡來？", "数据从哪里来？"), IntentRouter.SOURCE_TYPES, "database");
        }
        if (intent == Intent.MODEL_DEPLOY && !slots.containsKey(IntentRouter.TARGET)) {
            return new Question(IntentRouter.TARGET, Replies.pick(language, "Where should the model be deployed?",
                    "要部署到哪裡？", "要部署到哪里？"), IntentRouter.TARGETS, "ollama");
        }
        return null;
    }
}
