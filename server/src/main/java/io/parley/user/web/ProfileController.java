package io.parley.user.web;

import io.parley.platform.security.Caller;
import io.parley.platform.web.ProblemException;
import io.parley.user.User;
import io.parley.user.UserCard;
import io.parley.user.UserService;
import io.swagger.v3.oas.annotations.Operation;
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

@RestController
@RequestMapping("/api/me")
@Tag(name = "Profile", description = "Your own profile")
class ProfileController {
    private final UserService users;

    ProfileController(UserService users) {
        this.users = users;
    }

    record MyProfile(String id, String parleyId, String displayName, String introduction, UserCard.Avatar avatar,
            String email, String createdAt) {
        static MyProfile of(User user) {
            return new MyProfile(Long.toString(user.id()), user.parleyId(), user.displayName(), user.introduction(),
                    UserCard.Avatar.of(user.avatarKey()), user.email(), user.createdAt().toString());
        }
    }

    record ProfileEdit(@Size(max = 64) String parleyId, @Size(max = 200) String displayName,
            @Size(max = 2000) String introduction) {
    }

    @GetMapping
    @Operation(summary = "Your profile, with your email")
    MyProfile me(Caller caller) {
        return MyProfile.of(users.get(caller.userId()));
    }

    @PatchMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Change your Parley ID, display name or introduction; omitted fields stay")
    MyProfile edit(Caller caller, @RequestBody @jakarta.validation.Valid ProfileEdit edit) {
        return MyProfile.of(users.updateProfile(caller.userId(),
                new UserService.ProfileChanges(edit.parleyId(), edit.displayName(), edit.introduction())));
    }

    @PutMapping(path = "/avatar", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Upload an avatar (JPEG, PNG or WebP, at most 5 MB) as the multipart part 'file'")
    MyProfile setAvatar(Caller caller, @RequestPart("file") MultipartFile file) throws IOException {
        if (file.isEmpty()) {
            throw ProblemException.badRequest("empty-upload", "The uploaded file is empty");
        }
        return MyProfile.of(users.setAvatar(caller.userId(), file));
    }

    @DeleteMapping("/avatar")
    @Operation(summary = "Remove your avatar")
    MyProfile removeAvatar(Caller caller) {
        return MyProfile.of(users.removeAvatar(caller.userId()));
    }
}
