package io.parley.friend.web;

import io.parley.friend.FriendRequest;
import io.parley.friend.FriendService;
import io.parley.platform.security.Caller;
import io.parley.user.PublicProfile;
import io.parley.user.UserCard;
import io.parley.user.UserService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

@RestController
@Tag(name = "Friends", description = "Friend requests, friends and blocks")
class FriendController {
    private final FriendService friends;
    private final UserService users;

    FriendController(FriendService friends, UserService users) {
        this.friends = friends;
        this.users = users;
    }

    @NullMarked
    record AddFriend(@NotBlank @Size(max = 64) String parleyId) {
    }

    /** {@code outcome} is "requested" (with {@code request}) or "friends" (with {@code friend}). */
    @NullMarked
    record AddResult(@Schema(allowableValues = {"requested", "friends"}) String outcome, @Nullable RequestView request,
            @Nullable UserCard friend) {
    }

    @NullMarked
    record RequestView(String id, UserCard from, UserCard to, String createdAt) {
    }

    @PostMapping(path = "/api/friend-requests", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Add a friend by their Parley ID",
            description = "Sends a request (201). If they had already asked you, you become friends at once (200).")
    ResponseEntity<AddResult> add(Caller caller, @RequestBody @Valid AddFriend body) {
        return switch (friends.add(caller.userId(), body.parleyId().strip())) {
            case FriendService.AddOutcome.Requested requested -> ResponseEntity.status(HttpStatus.CREATED)
                    .body(new AddResult("requested", views(List.of(requested.request())).getFirst(), null));
            case FriendService.AddOutcome.BecameFriends became -> ResponseEntity.ok(
                    new AddResult("friends", null, UserCard.of(users.publicProfile(became.friendId()))));
        };
    }

    @GetMapping("/api/friend-requests/incoming")
    @Operation(summary = "Requests others sent you, newest first")
    List<RequestView> incoming(Caller caller) {
        return views(friends.incoming(caller.userId()));
    }

    @GetMapping("/api/friend-requests/outgoing")
    @Operation(summary = "Requests you sent that are still pending, newest first")
    List<RequestView> outgoing(Caller caller) {
        return views(friends.outgoing(caller.userId()));
    }

    @PostMapping("/api/friend-requests/{requestId}/accept")
    @Operation(summary = "Accept a request sent to you")
    UserCard accept(Caller caller, @PathVariable long requestId) {
        return UserCard.of(users.publicProfile(friends.accept(caller.userId(), requestId)));
    }

    @PostMapping("/api/friend-requests/{requestId}/decline")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Decline a request sent to you")
    void decline(Caller caller, @PathVariable long requestId) {
        friends.decline(caller.userId(), requestId);
    }

    @DeleteMapping("/api/friend-requests/{requestId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Cancel a request you sent")
    void cancel(Caller caller, @PathVariable long requestId) {
        friends.cancel(caller.userId(), requestId);
    }

    @DeleteMapping("/api/friends/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a friend")
    void remove(Caller caller, @PathVariable long userId) {
        friends.remove(caller.userId(), userId);
    }

    @GetMapping("/api/blocks")
    @Operation(summary = "People you blocked, newest first")
    List<UserCard> blocked(Caller caller) {
        List<Long> ids = friends.blockedByMe(caller.userId());
        Map<Long, PublicProfile> profiles = users.profiles(ids);
        return ids.stream().map(profiles::get).filter(java.util.Objects::nonNull).map(UserCard::of).toList();
    }

    @PutMapping("/api/blocks/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Block someone: they can no longer find, request or message you")
    void block(Caller caller, @PathVariable long userId) {
        friends.block(caller.userId(), userId);
    }

    @DeleteMapping("/api/blocks/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Unblock someone")
    void unblock(Caller caller, @PathVariable long userId) {
        friends.unblock(caller.userId(), userId);
    }

    private List<RequestView> views(List<FriendRequest> requests) {
        Map<Long, PublicProfile> profiles = users.profiles(requests.stream()
                .flatMap(r -> Stream.of(r.fromUser(), r.toUser())).distinct().toList());
        return requests.stream()
                .filter(r -> profiles.containsKey(r.fromUser()) && profiles.containsKey(r.toUser()))
                .map(r -> new RequestView(Long.toString(r.id()), UserCard.of(profiles.get(r.fromUser())),
                        UserCard.of(profiles.get(r.toUser())), r.createdAt().toString()))
                .toList();
    }
}
