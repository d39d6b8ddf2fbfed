package io.parley.user.web;

import io.parley.platform.security.Caller;
import io.parley.platform.web.ProblemException;
import io.parley.user.PresenceVisibility;
import io.parley.user.User;
import io.parley.user.UserCard;
import io.parley.user.UserService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

@RestController
@RequestMapping("/api/me")
@Tag(name = "Profile", description = "Your own profile")
class ProfileController {
    private final UserService users;

    ProfileController(UserService users) {
        this.users = users;
    }

    /** {@code presenceVisibility}: who sees your online status and last seen, "friends" or "nobody". */
    @NullMarked
    record MyProfile(String id, String parleyId, String displayName, @Nullable String introduction,
            UserCard.@Nullable Avatar avatar, @Nullable String email, String createdAt,
            @Schema(allowableValues = {"friends", "nobody"}) String presenceVisibility) {
        static MyProfile of(User user, PresenceVisibility visibility) {
            return new MyProfile(Long.toString(user.id()), user.parleyId(), user.displayName(), user.introduction(),
                    UserCard.Avatar.of(user.avatarKey()), user.email(), user.createdAt().toString(), visibility.wire());
        }
    }

    @NullMarked
    record ProfileEdit(@Size(max = 64) @Nullable String parleyId, @Size(max = 200) @Nullable String displayName,
            @Size(max = 2000) @Nullable String introduction,
            @Schema(allowableValues = {"friends", "nobody"}) @Size(max = 20) @Nullable String presenceVisibility) {
    }

    @GetMapping
    @Operation(summary = "Your profile, with your email")
    MyProfile me(Caller caller) {
        return view(users.get(caller.userId()));
    }

    @PatchMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Change your Parley ID, display name, introduction or who sees your online status "
            + "(presenceVisibility: friends or nobody); omitted fields stay")
    MyProfile edit(Caller caller, @RequestBody @jakarta.validation.Valid ProfileEdit edit) {
        PresenceVisibility visibility = edit.presenceVisibility() == null ? null
                : PresenceVisibility.parse(edit.presenceVisibility());
        User updated = users.updateProfile(caller.userId(),
                new UserService.ProfileChanges(edit.parleyId(), edit.displayName(), edit.introduction()));
        if (visibility != null) {
            users.setPresenceVisibility(caller.userId(), visibility);
        }
        return view(updated);
    }

    @PutMapping(path = "/avatar", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Upload an avatar (JPEG, PNG or WebP, at most 5 MB) as the multipart part 'file'")
    MyProfile setAvatar(Caller caller, @RequestPart("file") MultipartFile file) throws IOException {
        if (file.isEmpty()) {
            throw ProblemException.badRequest("empty-upload", "The uploaded file is empty");
        }
        return view(users.setAvatar(caller.userId(), file));
    }

    @DeleteMapping("/avatar")
    @Operation(summary = "Remove your avatar")
    MyProfile removeAvatar(Caller caller) {
        return view(users.removeAvatar(caller.userId()));
    }

    private MyProfile view(User user) {
        return MyProfile.of(user, users.presenceVisibility(user.id()));
    }
}
