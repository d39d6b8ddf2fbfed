package io.parley.chats.web;

import io.parley.conversation.ConversationService;
import io.parley.conversation.DirectConversations;
import io.parley.chats.ChatSummaries;
import io.parley.message.MessageService;
import io.parley.chats.SyncService;
import io.parley.platform.security.Caller;
import io.parley.protocol.ConversationView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

@RestController
@Tag(name = "Conversations", description = "Your chats, one-to-one conversations, sync")
class ConversationController {
    private final ConversationService conversations;
    private final DirectConversations direct;
    private final ChatSummaries summaries;
    private final MessageService messages;
    private final SyncService sync;

    ConversationController(ConversationService conversations, DirectConversations direct, ChatSummaries summaries,
            MessageService messages, SyncService sync) {
        this.conversations = conversations;
        this.direct = direct;
        this.summaries = summaries;
        this.messages = messages;
        this.sync = sync;
    }

    @NullMarked
    record ConversationList(List<ConversationView> conversations, int totalUnread) {
    }

    @NullMarked
    record OpenDirect(@NotNull @Schema(type = "string", description = "a user id") Long userId) {
    }

    @NullMarked
    record CursorView(String userId, String lastReadId, @Nullable Instant readAt) {
    }

    @GetMapping("/api/conversations")
    @Operation(summary = "Your conversations, latest activity first, with the last message and unread counts")
    ConversationList list(Caller caller) {
        List<ConversationView> list = summaries.list(caller.userId());
        return new ConversationList(list, list.stream().mapToInt(ConversationView::unreadCount).sum());
    }

    @GetMapping("/api/conversations/{conversationId}")
    @Operation(summary = "One of your conversations")
    ConversationView one(Caller caller, @PathVariable long conversationId) {
        conversations.membership(caller.userId(), conversationId);
        return summaries.one(caller.userId(), conversationId);
    }

    @PostMapping(path = "/api/conversations/direct", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The one-to-one conversation with a friend (created the first time; always the same one)")
    ConversationView direct(Caller caller, @RequestBody @Valid OpenDirect body) {
        long id = direct.openDirect(caller.userId(), body.userId()).id();
        return summaries.one(caller.userId(), id);
    }

    @GetMapping("/api/conversations/{conversationId}/read-cursors")
    @Operation(summary = "Every member's read cursor (for \"Read by N\")")
    List<CursorView> readCursors(Caller caller, @PathVariable long conversationId) {
        return messages.readCursors(caller.userId(), conversationId).stream()
                .map(c -> new CursorView(Long.toString(c.userId()), Long.toString(c.lastReadId()), c.readAt()))
                .toList();
    }

    @GetMapping("/api/sync")
    @Operation(summary = "Everything that changed since the cursor (no cursor: the conversation list and a first cursor)")
    SyncService.Result sync(Caller caller, @RequestParam(required = false) String cursor) {
        return sync.sync(caller.userId(), cursor);
    }
}
