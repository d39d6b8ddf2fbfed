package io.parley.directory.web;

import io.parley.directory.DirectoryService;
import io.parley.friend.Relationship;
import io.parley.platform.security.Caller;
import io.parley.protocol.ConversationView;
import io.parley.protocol.MessageView;
import io.parley.user.UserCard;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

@RestController
@Tag(name = "Directory", description = "Finding people and your friends")
class DirectoryController {
    private final DirectoryService directory;

    DirectoryController(DirectoryService directory) {
        this.directory = directory;
    }

    /** {@code relationship}: self, friend, request-sent, request-received, blocked or none. */
    @NullMarked
    record PersonResult(UserCard user,
            @Schema(allowableValues = {"self", "friend", "request-sent", "request-received", "blocked", "none"})
            String relationship) {
        static PersonResult of(DirectoryService.Person person) {
            return new PersonResult(UserCard.of(person.profile()), name(person.relationship()));
        }
    }

    @NullMarked
    record SearchPage(List<PersonResult> items, @Nullable String nextCursor) {
    }

    /** {@code hidden}: the friend does not share it with you; online is then false and lastSeenAt absent. */
    @NullMarked
    @Schema(name = "FriendPresence")
    record PresenceView(boolean online, @Nullable Instant lastSeenAt, boolean hidden) {
    }

    @NullMarked
    record FriendView(UserCard user, String since, PresenceView presence, @Nullable String conversationId,
            @Nullable MessageView lastMessage, int unreadCount) {
        static FriendView of(DirectoryService.Friend friend) {
            ConversationView chat = friend.chat();
            return new FriendView(UserCard.of(friend.profile()), friend.since().toString(),
                    new PresenceView(friend.presence().online(), friend.presence().lastSeenAt(), friend.presence().hidden()),
                    chat == null ? null : chat.id(), chat == null ? null : chat.lastMessage(),
                    chat == null ? 0 : chat.unreadCount());
        }
    }

    @GetMapping("/api/users/search")
    @Operation(summary = "Search everyone by Parley ID or display name (prefix or any part, any script)",
            description = "Best matches first: the exact Parley ID, Parley ID prefixes, name prefixes, then the rest. "
                    + "Pass nextCursor back as cursor for the next page.")
    SearchPage search(Caller caller, @RequestParam String q, @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "20") int limit) {
        DirectoryService.Page page = directory.search(caller.userId(), q, cursor, limit);
        return new SearchPage(page.people().stream().map(PersonResult::of).toList(), page.nextCursor());
    }

    @GetMapping("/api/users/by-parley-id/{parleyId}")
    @Operation(summary = "Look someone up by the exact Parley ID they gave you (any case)")
    PersonResult byParleyId(Caller caller, @PathVariable String parleyId) {
        return PersonResult.of(directory.byParleyId(caller.userId(), parleyId));
    }

    @GetMapping("/api/users/{userId}")
    @Operation(summary = "Someone's public profile and how you stand with them")
    PersonResult byId(Caller caller, @PathVariable long userId) {
        return PersonResult.of(directory.byId(caller.userId(), userId));
    }

    @GetMapping("/api/friends")
    @Operation(summary = "Your friends by name, with presence and the last message of your chat; with q, only "
            + "those whose name or Parley ID contains it")
    List<FriendView> friends(Caller caller, @RequestParam(required = false) String q) {
        return directory.friends(caller.userId(), q).stream().map(FriendView::of).toList();
    }

    static String name(Relationship relationship) {
        return relationship.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
