package io.parley.user;

public enum UserStatus {
    ACTIVE, SUSPENDED, BANNED
}
