package io.ftcoach.coach.api;

import io.ftcoach.coach.domain.chat.ChatReply;
import io.ftcoach.coach.domain.chat.ChatService;
import io.ftcoach.coach.domain.chat.ChatSession;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.Map;

/** The chat: open a session, then send messages; each reply says what the coach understood and will do. */
@RestController
@RequestMapping("/api/chat/sessions")
public class ChatController {

    private final ChatService chat;

    public ChatController(ChatService chat) {
        this.chat = chat;
    }

    /** A new, empty session: 201 with {@code {"sessionId": …}}. */
    @PostMapping
    public ResponseEntity<Map<String, String>> create() {
        ChatSession session = chat.create();
        return ResponseEntity.created(URI.create("/api/chat/sessions/" + session.id()))
                .body(Map.of("sessionId", session.id()));
    }

    /** 404 for an unknown session, 400 for an empty text or one over 4000 characters. */
    @PostMapping("/{sessionId}/messages")
    public ChatReply message(@PathVariable String sessionId, @RequestBody(required = false) MessageRequest body) {
        return chat.post(sessionId, body == null ? null : body.text());
    }

    public record MessageRequest(String text) {
    }
}
