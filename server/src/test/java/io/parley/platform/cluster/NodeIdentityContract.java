package io.parley.platform.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What every {@link NodeIdentity} must do: a number that fits an id's ten node bits, fixed for the node's life. */
abstract class NodeIdentityContract {

    /** An identity on its real engine. */
    protected abstract NodeIdentity newIdentity();

    @Test
    void theNumberFitsTheTenNodeBitsOfAnId() {
        assertThat(newIdentity().nodeId()).isBetween(0, 1023);
    }

    @Test
    void theNumberStaysTheSame() {
        NodeIdentity identity = newIdentity();
        int first = identity.nodeId();
        assertThat(identity.nodeId()).isEqualTo(first);
    }
}
