package io.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.presence.PresenceRegistries;
import org.junit.jupiter.api.Test;

class InProcessDeliveryRouterTest extends DeliveryRouterContract {

    @Override
    protected TestNode newNode() {
        return new TestNode(PresenceRegistries.inMemory(1), InProcessDeliveryRouter::new);
    }

    @Test
    void nothingIsEncodedWhenNoRecipientIsConnected() {
        node.router.route(delivery(frame("nobody"), 0, user(), user()));
        assertThat(node.encodes).hasValue(0);
    }
}
