package io.ftcoach.coach.domain.chat;

import io.ftcoach.coach.domain.routing.Intent;
import io.ftcoach.coach.domain.routing.IntentRouter;
import io.ftcoach.coach.domain.routing.Language;
import io.ftcoach.coach.domain.routing.LanguageModel;
import io.ftcoach.coach.domain.routing.Route;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One turn of the chat: routes the message, completes an open question with the answer, asks for what is
 * still missing, then answers from the owning service or hands the conversation to an agent (goal-clarifier,
 * data-source-advisor), and replies in the person's language with what it understood and what was done.
 *
 * <p>While an agent holds the conversation, free text goes to it; a slash command leaves it, and so do "cancel"
 * and its translations.
 */
public final class Coach {

    public static final int MAX_TEXT = 4000;

    /** Intents that act on one task and need its name. */
    private static final Set<Intent> NEED_TASK = Set.of(Intent.TASK_STATUS, Intent.VERSION_COMPARE,
            Intent.DATA_CONFIGURE, Intent.PROJECT_GENERATE, Intent.TRAINING_START, Intent.EVALUATION_RUN,
            Intent.RESULT_ANALYZE, Intent.PROBLEM_DIAGNOSE, Intent.MODEL_DEPLOY);

    /** The pending offer after a diagnosis: start the next version with its first fix. */
    static final String NEXT_VERSION_OFFER = "next-version-offer";

    private static final java.util.regex.Pattern CANCEL = java.util.regex.Pattern.compile(
            "^\\s*(cancel|stop|quit|exit|abort|never ?mind|取消|算了|停止|不用了|結束|结束|退出)\\s*[.!。！]*\\s*$",
            java.util.regex.Pattern.CASE_INSENSITIVE);
    private static final java.util.regex.Pattern YES = java.util.regex.Pattern.compile(
            "^\\s*(y|yes|ok|okay|sure|go|do it|please|是|是的|好|好的|可以|要|確認|确认|開始|开始)\\s*[.!。！]*\\s*$",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    private final IntentRouter router;
    private final Clock clock;
    private final Commands commands;
    private final GoalClarifier clarifier;
    private final DataSourceAdvisor advisor;
    private final LanguageModel model;

    public Coach(IntentRouter router, Clock clock, Commands commands, GoalClarifier clarifier,
                 DataSourceAdvisor advisor) {
        this(router, clock, commands, clarifier, advisor, LanguageModel.NONE);
    }

    /** @param model asked only about free text the rules do not understand */
    public Coach(IntentRouter router, Clock clock, Commands commands, GoalClarifier clarifier,
                 DataSourceAdvisor advisor, LanguageModel model) {
        this.router = router;
        this.clock = clock;
        this.commands = commands;
        this.clarifier = clarifier;
        this.advisor = advisor;
        this.model = model;
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
        if (Language.EN == language && session.language() != null && !route.command()
                && (session.question() != null || session.agent() != null) && text.strip().split("\\s+").length < 4) {
            // a bare answer such as "800", "news-ner" or "ollama" keeps the conversation's language
            language = languageOf(session.language());
        }
        // what is kept of the person's words: never a literal secret
        ChatMessage said = new ChatMessage(ChatMessage.PERSON, Secrets.mask(text), now, null, null);

        if (session.agent() != null && !route.command()) {
            if (CANCEL.matcher(text).matches()) {
                String reply = Replies.pick(language, "Stopped. Nothing more was changed; /help lists what I can do.",
                        "已停止，沒有再做任何變更；/help 可查看我能做的事。", "已停止，没有再做任何变更；/help 可查看我能做的事。");
                return turn(session, now, language, said, reply, Intent.HELP, Map.of(), null, null, Map.of(), null);
            }
            return continueAgent(session, text, route, language, now, said);
        }

        Intent intent = route.intent();
        Map<String, String> slots = new LinkedHashMap<>(route.slots());
        if (intent == Intent.UNKNOWN && !route.command() && session.question() == null) {
            List<String> ids = java.util.Arrays.stream(Intent.values()).filter(i -> i != Intent.UNKNOWN)
                    .map(Intent::id).toList();
            intent = model.intentOf(text, ids).map(Intent::ofId).orElse(Intent.UNKNOWN);
        }

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
            }
        }

        String invalidTask = null;
        String task = slots.get(IntentRouter.TASK);
        if (task != null && !IntentRouter.isTaskName(task)) {
            invalidTask = task;
            slots.remove(IntentRouter.TASK);
        }
        if (intent != Intent.COACH_START && !route.command() && task == null && describesAGoal(text)) {
            // "sentiment on financial news, 800 rows in PostgreSQL, F1 0.8" is a goal with its answers, not a
            // data-source request: the goal-clarifier takes it whole
            intent = Intent.COACH_START;
        }
        if (intent == Intent.COACH_START) {
            GoalClarifier.Outcome o = clarifier.start(text, language);
            return agentTurn(session, now, language, said, Intent.COACH_START, GoalClarifier.NAME, o);
        }
        Question question = question(intent, slots, language);
        if (question == null && intent == Intent.DATA_CONFIGURE) {
            GoalClarifier.Outcome o = advisor.start(slots.get(IntentRouter.TASK), text, language);
            String reply = Replies.reply(intent, slots, route, invalidTask, null, language, o.text());
            Map<String, String> all = new LinkedHashMap<>(slots);
            all.putAll(o.slots());
            return turn(session, now, language, said, reply, intent, all, o.question(),
                    o.finished() ? null : DataSourceAdvisor.NAME, o.state(), all.get(IntentRouter.TASK));
        }
        String result = null;
        String agent = null;
        Map<String, String> agentState = Map.of();
        if (question == null && intent != Intent.UNKNOWN && intent != Intent.HELP) {
            if (intent == Intent.PROBLEM_DIAGNOSE) {
                slots.putIfAbsent("complaint", route.command() ? null : text.strip());
                slots.values().removeIf(java.util.Objects::isNull);
            }
            Commands.Result done = commands.run(intent, slots, language);
            slots.remove("complaint");
            result = done.text();
            if (!done.offer().isEmpty()) {
                agent = NEXT_VERSION_OFFER;
                agentState = done.offer();
                question = new Question("confirm", Replies.pick(language, "Start the next version with this fix?",
                        "要套用這個修正訓練下一版嗎？", "要应用这个修正训练下一版吗？"), List.of("yes", "no"), "yes");
            }
        }
        String reply = Replies.reply(intent, slots, route, invalidTask, result == null ? question : null, language,
                result);
        return turn(session, now, language, said, reply, intent, slots, question, agent, agentState,
                slots.get(IntentRouter.TASK));
    }

    private Turn continueAgent(ChatSession session, String text, Route route, Language language, String now,
                               ChatMessage said) {
        switch (session.agent()) {
            case GoalClarifier.NAME -> {
                return agentTurn(session, now, language, said, Intent.COACH_START, GoalClarifier.NAME,
                        clarifier.answer(session.agentState(), text, language));
            }
            case DataSourceAdvisor.NAME -> {
                return agentTurn(session, now, language, said, Intent.DATA_CONFIGURE, DataSourceAdvisor.NAME,
                        advisor.answer(session.agentState(), text, language));
            }
            default -> {
                Map<String, String> offer = new LinkedHashMap<>(session.agentState());
                String task = offer.remove(IntentRouter.TASK);
                if (YES.matcher(text).matches()) {
                    String reply;
                    try {
                        reply = commands.train(task, offer, language);
                    } catch (io.ftcoach.coach.domain.platform.ServiceUnavailableException e) {
                        reply = Commands.unavailable(e, language);
                    } catch (RuntimeException e) {
                        reply = Replies.pick(language, "That did not work: ", "沒有成功：", "没有成功：") + e.getMessage();
                    }
                    return turn(session, now, language, said, reply, Intent.TRAINING_START,
                            Map.of(IntentRouter.TASK, task), null, null, Map.of(), task);
                }
                // anything else is a new request: the offer lapses
                ChatSession without = new ChatSession(session.id(), session.createdAt(), session.updatedAt(),
                        session.language(), ChatSession.IDLE, null, Map.of(), null, session.messages(), null,
                        Map.of(), session.tasks());
                return answer(without, text);
            }
        }
    }

    private Turn agentTurn(ChatSession session, String now, Language language, ChatMessage said, Intent intent,
                           String agent, GoalClarifier.Outcome o) {
        return turn(session, now, language, said, o.text(), intent, o.slots(), o.question(),
                o.finished() ? null : agent, o.state(), o.slots().get(IntentRouter.TASK));
    }

    private Turn turn(ChatSession session, String now, Language language, ChatMessage said, String reply,
                      Intent intent, Map<String, String> slots, Question question, String agent,
                      Map<String, String> agentState, String task) {
        Map<String, String> shown = ordered(slots);
        ChatSession next = session.with(now, language.tag(), intent.id(), slots, question, List.of(said,
                new ChatMessage(ChatMessage.COACH, reply, now, intent.id(), shown)), agent, agentState,
                task != null && IntentRouter.isTaskName(task) ? task : null);
        return new Turn(next, new ChatReply(session.id(), reply, language.tag(), intent.id(), shown, question,
                next.state()));
    }

    private static boolean describesAGoal(String text) {
        Map<String, String> facts = GoalFacts.extract(text);
        return facts.containsKey(GoalFacts.TASK_TYPE) && facts.size() >= 3;
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
        if (intent == Intent.MODEL_DEPLOY && !slots.containsKey(IntentRouter.TARGET)) {
            return new Question(IntentRouter.TARGET, Replies.pick(language, "Where should the model be deployed?",
                    "要部署到哪裡？", "要部署到哪里？"), IntentRouter.TARGETS, "ollama");
        }
        return null;
    }
}
