package io.parley.chats.web;

import io.parley.conversation.Conversation;
import io.parley.conversation.GroupInvites;
import io.parley.conversation.GroupMembership;
import io.parley.conversation.GroupSettings;
import io.parley.conversation.Member;
import io.parley.chats.ChatSummaries;
import io.parley.platform.security.Caller;
import io.parley.platform.web.ProblemException;
import io.parley.protocol.AvatarView;
import io.parley.protocol.ConversationView;
import io.parley.user.PublicProfile;
import io.parley.user.UserCard;
import io.parley.user.UserService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

@RestController
@Tag(name = "Groups", description = "Groups: members, roles, invitations, the group ID and approval")
class GroupController {
    private final GroupMembership membership;
    private final GroupInvites invitations;
    private final GroupSettings settings;
    private final ChatSummaries summaries;
    private final UserService users;

    GroupController(GroupMembership membership, GroupInvites invitations, GroupSettings settings, ChatSummaries summaries,
            UserService users) {
        this.membership = membership;
        this.invitations = invitations;
        this.settings = settings;
        this.summaries = summaries;
        this.users = users;
    }

    @NullMarked
    record CreateGroup(@NotBlank @Size(max = 200) String name,
            @Size(max = 100) @ArraySchema(schema = @Schema(type = "string", description = "a user id")) @Nullable List<@NotNull Long> inviteUserIds,
            @Schema(allowableValues = {"open", "approval"}) @Nullable String joinMode) {
    }

    @NullMarked
    record EditGroup(@Size(max = 200) @Nullable String name,
            @Schema(allowableValues = {"open", "approval"}) @Nullable String joinMode) {
    }

    @NullMarked
    record UserIds(@NotNull @Size(min = 1, max = 100)
            @ArraySchema(schema = @Schema(type = "string", description = "a user id")) List<@NotNull Long> userIds) {
    }

    @NullMarked
    record JoinByCode(@NotBlank @Size(max = 64) String groupId) {
    }

    @NullMarked
    record RoleChange(@NotBlank @Schema(allowableValues = {"admin", "member"}) String role) {
    }

    @NullMarked
    record NewOwner(@NotNull @Schema(type = "string", description = "a user id") Long userId) {
    }

    @NullMarked
    record Preview(String id, String name, @Nullable AvatarView avatar, int memberCount,
            @Schema(allowableValues = {"open", "approval"}) String joinMode) {
        static Preview of(Conversation group) {
            return new Preview(Long.toString(group.id()), group.name(), AvatarView.of(group.avatarKey()),
                    group.memberCount(), group.joinMode().name().toLowerCase(Locale.ROOT));
        }
    }

    @NullMarked
    record JoinResult(@Schema(allowableValues = {"joined", "pending"}) String status, @Nullable ConversationView conversation,
            Preview group) {
    }

    @NullMarked
    record MemberView(UserCard user, @Schema(allowableValues = {"owner", "admin", "member"}) String role, Instant joinedAt) {
    }

    @NullMarked
    record MemberPage(List<MemberView> members, @Nullable String nextCursor) {
    }

    @NullMarked
    record InviteView(Preview group, @Nullable UserCard inviter, Instant createdAt) {
    }

    @NullMarked
    record JoinRequestView(UserCard user, Instant createdAt) {
    }

    @NullMarked
    record GroupCode(String groupId) {
    }

    @PostMapping(path = "/api/groups", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a group; the friends listed are invited")
    ConversationView create(Caller caller, @RequestBody @Valid CreateGroup body) {
        Conversation group = invitations.createGroup(caller.userId(), body.name(),
                body.inviteUserIds() == null ? List.of() : body.inviteUserIds(), joinMode(body.joinMode()));
        return summaries.one(caller.userId(), group.id());
    }

    @PatchMapping(path = "/api/groups/{groupId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Rename the group or change how people join (admins)")
    ConversationView edit(Caller caller, @PathVariable long groupId, @RequestBody @Valid EditGroup body) {
        settings.updateGroup(caller.userId(), groupId, body.name(), joinMode(body.joinMode()));
        return summaries.one(caller.userId(), groupId);
    }

    @PutMapping(path = "/api/groups/{groupId}/avatar", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Set the group's picture (admins; JPEG, PNG or WebP up to 5 MB)")
    ConversationView setAvatar(Caller caller, @PathVariable long groupId, @RequestPart("file") MultipartFile file)
            throws IOException {
        if (file.isEmpty()) {
            throw ProblemException.badRequest("empty-upload", "The uploaded file is empty");
        }
        settings.setAvatar(caller.userId(), groupId, file);
        return summaries.one(caller.userId(), groupId);
    }

    @DeleteMapping("/api/groups/{groupId}/avatar")
    @Operation(summary = "Remove the group's picture (admins)")
    ConversationView removeAvatar(Caller caller, @PathVariable long groupId) {
        settings.removeAvatar(caller.userId(), groupId);
        return summaries.one(caller.userId(), groupId);
    }

    @GetMapping("/api/groups/{groupId}/members")
    @Operation(summary = "Members: the owner, then admins, then everyone else; pass nextCursor back as cursor")
    MemberPage members(Caller caller, @PathVariable long groupId, @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "100") int limit) {
        GroupMembership.MemberPage page = membership.memberPage(caller.userId(), groupId, cursor, limit);
        Map<Long, PublicProfile> profiles = users.profiles(page.members().stream().map(Member::userId).toList());
        return new MemberPage(page.members().stream().filter(m -> profiles.containsKey(m.userId()))
                .map(m -> new MemberView(UserCard.of(profiles.get(m.userId())), m.role().name().toLowerCase(Locale.ROOT),
                        m.joinedAt()))
                .toList(), page.nextCursor());
    }

    @PostMapping(path = "/api/groups/{groupId}/invites", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Invite friends to the group (any member)")
    void invite(Caller caller, @PathVariable long groupId, @RequestBody @Valid UserIds body) {
        invitations.invite(caller.userId(), groupId, body.userIds());
    }

    @GetMapping("/api/group-invites")
    @Operation(summary = "Invitations to groups waiting for your answer")
    List<InviteView> invites(Caller caller) {
        var pending = invitations.invitesOf(caller.userId());
        Map<Long, PublicProfile> inviters = users.profiles(pending.stream().map(i -> i.inviterId()).distinct().toList());
        return pending.stream().map(i -> new InviteView(Preview.of(i.group()),
                inviters.containsKey(i.inviterId()) ? UserCard.of(inviters.get(i.inviterId())) : null, i.createdAt())).toList();
    }

    @PostMapping("/api/group-invites/{groupId}/accept")
    @Operation(summary = "Accept an invitation: you join the group")
    ConversationView accept(Caller caller, @PathVariable long groupId) {
        invitations.acceptInvite(caller.userId(), groupId);
        return summaries.one(caller.userId(), groupId);
    }

    @PostMapping("/api/group-invites/{groupId}/decline")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Decline an invitation")
    void decline(Caller caller, @PathVariable long groupId) {
        invitations.declineInvite(caller.userId(), groupId);
    }

    @GetMapping("/api/groups/by-code/{code}")
    @Operation(summary = "What a group ID leads to, before joining")
    Preview preview(Caller caller, @PathVariable String code) {
        return Preview.of(membership.preview(caller.userId(), code));
    }

    @PostMapping(path = "/api/groups/join", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Join with a group ID: at once (200), or asking the admins when the group wants approval (202)")
    ResponseEntity<JoinResult> join(Caller caller, @RequestBody @Valid JoinByCode body) {
        return switch (membership.join(caller.userId(), body.groupId())) {
            case GroupMembership.JoinOutcome.Joined joined -> ResponseEntity.ok(new JoinResult("joined",
                    summaries.one(caller.userId(), joined.conversation().id()), Preview.of(joined.conversation())));
            case GroupMembership.JoinOutcome.Pending pending -> ResponseEntity.status(HttpStatus.ACCEPTED)
                    .body(new JoinResult("pending", null, Preview.of(pending.conversation())));
        };
    }

    @GetMapping("/api/groups/{groupId}/join-requests")
    @Operation(summary = "People asking to join (admins)")
    List<JoinRequestView> joinRequests(Caller caller, @PathVariable long groupId) {
        var requests = membership.joinRequests(caller.userId(), groupId);
        Map<Long, PublicProfile> profiles = users.profiles(requests.stream().map(r -> r.userId()).toList());
        return requests.stream().filter(r -> profiles.containsKey(r.userId()))
                .map(r -> new JoinRequestView(UserCard.of(profiles.get(r.userId())), r.createdAt())).toList();
    }

    @PostMapping("/api/groups/{groupId}/join-requests/{userId}/approve")
    @Operation(summary = "Let someone in (admins)")
    ConversationView approve(Caller caller, @PathVariable long groupId, @PathVariable long userId) {
        membership.approve(caller.userId(), groupId, userId);
        return summaries.one(caller.userId(), groupId);
    }

    @PostMapping("/api/groups/{groupId}/join-requests/{userId}/reject")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Turn a request down (admins)")
    void reject(Caller caller, @PathVariable long groupId, @PathVariable long userId) {
        membership.reject(caller.userId(), groupId, userId);
    }

    @PostMapping("/api/groups/{groupId}/group-id")
    @Operation(summary = "A new group ID; the old one stops working (admins)")
    GroupCode regenerate(Caller caller, @PathVariable long groupId) {
        return new GroupCode(settings.regenerateCode(caller.userId(), groupId).groupCode());
    }

    @PostMapping("/api/groups/{groupId}/leave")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Leave the group (an owner hands over to the longest-serving admin, else member)")
    void leave(Caller caller, @PathVariable long groupId) {
        membership.leave(caller.userId(), groupId);
    }

    @DeleteMapping("/api/groups/{groupId}/members/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a member (admins; only the owner removes admins)")
    void remove(Caller caller, @PathVariable long groupId, @PathVariable long userId) {
        membership.remove(caller.userId(), groupId, userId);
    }

    @PutMapping(path = "/api/groups/{groupId}/members/{userId}/role", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Make a member admin, or an admin member again (owner)")
    void role(Caller caller, @PathVariable long groupId, @PathVariable long userId, @RequestBody @Valid RoleChange body) {
        Member.Role role = switch (body.role()) {
            case "admin" -> Member.Role.ADMIN;
            case "member" -> Member.Role.MEMBER;
            default -> throw ProblemException.badRequest("invalid-role", "role is \"admin\" or \"member\"");
        };
        membership.setRole(caller.userId(), groupId, userId, role);
    }

    @PostMapping(path = "/api/groups/{groupId}/owner", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Hand the group over to another member (owner)")
    void owner(Caller caller, @PathVariable long groupId, @RequestBody @Valid NewOwner body) {
        membership.transferOwnership(caller.userId(), groupId, body.userId());
    }

    @GetMapping("/media/groups/{groupId:[0-9]{1,19}}/{token:[0-9a-f]{24}}/{size:[0-9]{1,4}}.jpg")
    @Operation(summary = "A group picture at 128 or 512 pixels (unguessable, immutable URL)")
    ResponseEntity<byte[]> picture(@PathVariable String groupId, @PathVariable String token, @PathVariable int size) {
        return settings.groupPicture(groupId, token, size)
                .map(blob -> ResponseEntity.ok().contentType(MediaType.IMAGE_JPEG)
                        .cacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
                        .body(blob.content()))
                .orElseThrow(() -> ProblemException.notFound("picture-not-found", "No such picture"));
    }

    private static Conversation.JoinMode joinMode(String value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "open" -> Conversation.JoinMode.OPEN;
            case "approval" -> Conversation.JoinMode.APPROVAL;
            default -> throw ProblemException.badRequest("invalid-join-mode", "joinMode is \"open\" or \"approval\"");
        };
    }
}
