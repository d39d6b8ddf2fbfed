package io.parley.protocol;

import org.jspecify.annotations.Nullable;

/** A person as others see them (the same shape as the REST API's user card). */
public record PersonView(String id, String parleyId, String displayName, @Nullable String introduction,
        @Nullable AvatarView avatar) {
}
