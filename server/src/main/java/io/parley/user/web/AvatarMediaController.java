package io.parley.user.web;

import io.parley.platform.web.ProblemException;
import io.parley.user.UserService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Avatars are served without a token (an {@code <img>} cannot send one): the URL holds an
 * unguessable token and changes whenever the picture does, so it can be cached for ever.
 */
@RestController
@Tag(name = "Profile")
class AvatarMediaController {
    private final UserService users;

    AvatarMediaController(UserService users) {
        this.users = users;
    }

    @GetMapping("/media/avatars/{userId:[0-9]{1,19}}/{token:[0-9a-f]{24}}/{size:[0-9]{1,4}}.jpg")
    @Operation(summary = "An avatar picture at 128 or 512 pixels")
    ResponseEntity<byte[]> avatar(@PathVariable String userId, @PathVariable String token, @PathVariable int size) {
        return users.avatarPicture("avatars/" + userId + "/" + token, size)
                .map(blob -> ResponseEntity.ok()
                        .contentType(MediaType.IMAGE_JPEG)
                        .cacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
                        .body(blob.content()))
                .orElseThrow(() -> ProblemException.notFound("avatar-not-found", "No such avatar"));
    }
}
