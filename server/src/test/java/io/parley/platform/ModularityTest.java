package io.parley.platform;

import io.parley.ParleyApplication;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * Features talk to each other only through their package roots, and never in a cycle. Modules are
 * named for what they do, so the cycle check also keeps each one to its job: {@code message}
 * (messages, read state) may not use {@code chats} (the chat list, sync, the conversation and
 * group REST), which composes it with {@code conversation}.
 */
class ModularityTest {

    @Test
    void moduleBoundariesHold() {
        ApplicationModules.of(ParleyApplication.class).verify();
    }
}
