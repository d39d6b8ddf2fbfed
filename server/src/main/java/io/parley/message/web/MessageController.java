package io.parley.message.web;

import io.parley.message.MessageService;
import io.parley.message.Realtime;
import io.parley.message.Views;
import io.parley.platform.security.Caller;
import io.parley.protocol.MessageView;
import io.parley.user.UserCard;
import io.parley.user.UserService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

@RestController
@Tag(name = "Messages", description = "Send, read, unsend: the REST twin of the WebSocket frames")
class MessageController {
    private final MessageService messages;
    private final Realtime realtime;
    private final UserService users;

    MessageController(MessageService messages, Realtime realtime, UserService users) {
        this.messages = messages;
        this.realtime = realtime;
        this.users = users;
    }

    @NullMarked
    record Send(@Size(max = 64) @Nullable String clientMessageId, @NotNull @Size(max = 40_000) String body) {
    }

    @NullMarked
    record MessageRef(@NotNull @Schema(type = "string", description = "a message id") Long messageId) {
    }

    @NullMarked
    record History(List<MessageView> messages, boolean hasMore) {
    }

    @NullMarked
    record Reader(UserCard user, @Nullable Instant readAt) {
    }

    @NullMarked
    record Readers(int count, List<Reader> readers) {
    }

    @PostMapping(path = "/api/conversations/{conversationId}/messages", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Send a message (201; 200 with the first one when clientMessageId was used before)")
    ResponseEntity<MessageView> send(Caller caller, @PathVariable long conversationId, @RequestBody @Valid Send body) {
        MessageService.Sent sent = messages.sendAndWait(caller, conversationId, body.clientMessageId(), body.body());
        return ResponseEntity.status(sent.duplicate() ? HttpStatus.OK : HttpStatus.CREATED).body(Views.message(sent.message()));
    }

    @GetMapping("/api/conversations/{conversationId}/messages")
    @Operation(summary = "History, oldest first: the latest page, or before/after a message id")
    History history(Caller caller, @PathVariable long conversationId, @RequestParam(required = false) Long before,
            @RequestParam(required = false) Long after, @RequestParam(defaultValue = "50") int limit) {
        MessageService.Page page = messages.history(caller.userId(), conversationId, before, after, limit);
        return new History(page.messages().stream()
                .map(m -> Views.message(m, page.readBy().get(m.id()), page.readAt().get(m.id()))).toList(), page.hasMore());
    }

    @PostMapping(path = "/api/conversations/{conversationId}/read", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Move your read cursor to a message (never back)")
    void read(Caller caller, @PathVariable long conversationId, @RequestBody @Valid MessageRef body) {
        messages.markRead(caller.userId(), conversationId, body.messageId());
    }

    @PostMapping(path = "/api/conversations/{conversationId}/received", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "This device has every message up to this one (a delivery receipt, for 1:1 conversations)")
    void received(Caller caller, @PathVariable long conversationId, @RequestBody @Valid MessageRef body) {
        realtime.received(caller, conversationId, body.messageId());
    }

    @DeleteMapping("/api/conversations/{conversationId}/messages/{messageId}")
    @Operation(summary = "Unsend your message (within the unsend window, GET /api/limits); answers the tombstone")
    MessageView unsend(Caller caller, @PathVariable long conversationId, @PathVariable long messageId) {
        return Views.message(messages.unsend(caller.userId(), conversationId, messageId));
    }

    @GetMapping("/api/conversations/{conversationId}/messages/{messageId}/readers")
    @Operation(summary = "Who read your message, and when")
    Readers readers(Caller caller, @PathVariable long conversationId, @PathVariable long messageId) {
        var cursors = messages.readers(caller.userId(), conversationId, messageId);
        var profiles = users.profiles(cursors.stream().map(c -> c.userId()).toList());
        List<Reader> readers = cursors.stream().filter(c -> profiles.containsKey(c.userId()))
                .map(c -> new Reader(UserCard.of(profiles.get(c.userId())), c.readAt())).toList();
        return new Readers(readers.size(), readers);
    }

}
