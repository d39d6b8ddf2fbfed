package io.parley.presence.web;

import io.parley.platform.security.Caller;
import io.parley.platform.web.ProblemException;
import io.parley.presence.PresenceService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

@RestController
@Tag(name = "Presence", description = "Who of your friends is online")
class PresenceController {
    private final PresenceService presence;

    PresenceController(PresenceService presence) {
        this.presence = presence;
    }

    /** {@code hidden}: the friend does not share it with you; online is then false and lastSeenAt absent. */
    @NullMarked
    record PresenceView(String userId, boolean online, @Nullable Instant lastSeenAt, boolean hidden) {
    }

    @GetMapping("/api/presence")
    @Operation(summary = "Online or last seen, for those of the given users who are your friends (others are left "
            + "out); hidden for friends who do not share it with you")
    List<PresenceView> presence(Caller caller, @RequestParam List<Long> userIds) {
        if (userIds.size() > 500) {
            throw ProblemException.badRequest("too-many-ids", "Ask for at most 500 users at once");
        }
        return presence.presenceFor(caller.userId(), userIds).values().stream()
                .map(p -> new PresenceView(Long.toString(p.userId()), p.online(), p.lastSeenAt(), p.hidden())).toList();
    }
}
