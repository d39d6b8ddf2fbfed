package io.parley.platform;

import io.parley.ParleyApplication;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Features talk to each other only through their package roots, and never in a cycle. */
class ModularityTest {

    @Test
    void moduleBoundariesHold() {
        ApplicationModules.of(ParleyApplication.class).verify();
    }
}
