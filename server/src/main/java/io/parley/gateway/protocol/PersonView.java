package io.parley.gateway.protocol;

/** A person as others see them (the same shape as the REST API's user card). */
public record PersonView(String id, String parleyId, String displayName, String introduction, AvatarView avatar) {
}
