package io.parley.gateway;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.parley.platform.security.AccessTokens;
import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

@Configuration(proxyBeanMethods = false)
@EnableWebSocket
@EnableConfigurationProperties(GatewayProperties.class)
class GatewayConfiguration implements WebSocketConfigurer {
    private final GatewaySocketHandler handler;
    private final GatewayDrain drain;

    GatewayConfiguration(GatewaySocketHandler handler, GatewayDrain drain) {
        this.handler = handler;
        this.drain = drain;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        // Any origin: the socket is authenticated by a bearer token, never by cookies, so a page
        // elsewhere gains nothing by opening it.
        registry.addHandler(handler, "/ws").addInterceptors(new TokenHandshake(drain)).setAllowedOriginPatterns("*");
        // Browsers pass the token as a second subprotocol ("bearer.<token>"); "parley.v1" is the one accepted.
    }

    /**
     * Small per-socket buffers (they are allocated for every connection): larger frames arrive
     * in parts and are joined, up to parley.gateway.max-frame-bytes, only while they arrive.
     */
    /** After Spring Security's filters (which need the token), before the handshake keeps anything. */
    @Bean
    FilterRegistrationBean<HandshakeCredentialsFilter> handshakeCredentialsFilter() {
        var registration = new FilterRegistrationBean<>(new HandshakeCredentialsFilter());
        registration.addUrlPatterns("/ws");
        registration.setOrder(Ordered.LOWEST_PRECEDENCE);
        return registration;
    }

    @Bean
    MeterBinder gatewayConnections(SessionHub hub) {
        return GatewayMetrics.connections(hub);
    }

    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(512);
        container.setMaxBinaryMessageBufferSize(64);
        container.setMaxSessionIdleTimeout(0L);
        return container;
    }

    /**
     * The security filter has already refused a bad token (401); keep whom it admitted, and
     * nothing else of the handshake. Tomcat and Spring would each hold on to the authenticated
     * principal (the whole JWT) and Spring to every request header for the socket's lifetime:
     * some kilobytes per connection, times tens of thousands. The socket needs the caller only.
     */
    static final class TokenHandshake implements HandshakeInterceptor {
        private final GatewayDrain drain;

        TokenHandshake(GatewayDrain drain) {
            this.drain = drain;
        }

        @Override
        public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
                Map<String, Object> attributes) {
            if (drain.refusing()) {
                // Shutting down: the client (or the proxy) goes to another node.
                response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
                response.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
                return false;
            }
            return AccessTokens.ofCurrentRequest().map(verified -> {
                attributes.put(GatewaySocketHandler.VERIFIED, verified);
                // With no authentication left on the request, the upgrade records no principal.
                SecurityContextHolder.clearContext();
                return true;
            }).orElse(false);
        }

        @Override
        public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
                Exception exception) {
            try {
                request.getHeaders().clear();
            } catch (UnsupportedOperationException readOnly) {
                // Nothing to free then.
            }
        }
    }
}
