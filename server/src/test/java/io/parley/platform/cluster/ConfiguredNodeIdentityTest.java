package io.parley.platform.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConfiguredNodeIdentityTest extends NodeIdentityContract {

    @Override
    protected NodeIdentity newIdentity() {
        return new ConfiguredNodeIdentity(7);
    }

    @Test
    void theNumberIsTheConfiguredOne() {
        assertThat(new ConfiguredNodeIdentity(7).nodeId()).isEqualTo(7);
    }

    @Test
    void aNumberBeyondTenBitsIsRefused() {
        assertThatThrownBy(() -> new ConfiguredNodeIdentity(1024)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConfiguredNodeIdentity(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
