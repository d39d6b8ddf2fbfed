package io.parley.conversation;

/** A conversation together with one person's place in it. */
public record Membership(Conversation conversation, Member member) {
}
