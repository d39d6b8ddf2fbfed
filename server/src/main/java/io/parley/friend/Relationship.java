package io.parley.friend;

/** How the caller stands with another user, as the caller may know it. */
public enum Relationship {
    SELF, FRIEND, REQUEST_SENT, REQUEST_RECEIVED, BLOCKED, NONE
}
