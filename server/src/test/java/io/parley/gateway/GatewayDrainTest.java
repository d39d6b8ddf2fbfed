package io.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import org.junit.jupiter.api.Test;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/** A node shutting down answers new sockets 503, so a proxy sends the client to another node. */
class GatewayDrainTest {
    private final StaticApplicationContext context = new StaticApplicationContext();
    private final GatewayDrain drain = new GatewayDrain(new SessionHub(JsonMapper.builder().build(), TestNode.METRICS), context);

    private MockHttpServletResponse handshake() throws Exception {
        MockHttpServletResponse servletResponse = new MockHttpServletResponse();
        ServletServerHttpResponse response = new ServletServerHttpResponse(servletResponse);
        boolean accepted = new GatewayConfiguration.TokenHandshake(drain).beforeHandshake(
                new ServletServerHttpRequest(new MockHttpServletRequest("GET", "/ws")), response, null, new HashMap<>());
        response.flush();
        if (accepted) {
            servletResponse.setStatus(101);
        }
        return servletResponse;
    }

    @Test
    void onceShutdownBeginsANewSocketIsAnswered503() throws Exception {
        assertThat(handshake().getStatus()).as("no token: refused, but not for shutting down").isNotEqualTo(503);

        drain.on(new ContextClosedEvent(context));
        MockHttpServletResponse refused = handshake();
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
    }

    @Test
    void anotherContextClosingChangesNothing() throws Exception {
        drain.on(new ContextClosedEvent(new StaticApplicationContext()));
        assertThat(handshake().getStatus()).isNotEqualTo(503);
    }
}
