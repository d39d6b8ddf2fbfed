package io.parley.gateway;

import io.parley.platform.bus.EventBus;
import io.parley.platform.security.AccessTokens;
import io.parley.platform.security.AccountGate;
import io.parley.platform.security.AccountStatusChanged;
import io.parley.platform.security.SessionsRevoked;
import io.parley.protocol.ClientFrame;
import io.parley.protocol.FrameContext;
import io.parley.protocol.FrameHandler;
import io.parley.protocol.ServerFrame;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/**
 * Keeps sockets honest: closes those that stopped sending heartbeats and those whose token
 * ran out, at once those of signed-out sessions, and answers pings and token renewals.
 */
@Component
class ConnectionKeeper {
    private final SessionHub hub;
    private final Clock clock;
    private final GatewayProperties properties;

    ConnectionKeeper(SessionHub hub, Clock clock, GatewayProperties properties, EventBus bus, AccountGate gate) {
        this.hub = hub;
        this.clock = clock;
        this.properties = properties;
        bus.observe(SessionsRevoked.class, revoked ->
                hub.closeDevices(revoked.userId(), revoked.sessionIds(), Connection.UNAUTHORIZED));
        bus.observe(AccountStatusChanged.class, changed -> gate.refusal(changed.standing()).ifPresent(refusal ->
                hub.closeUser(changed.userId(), new CloseStatus(Connection.BARRED, refusal.code()))));
    }

    @Scheduled(fixedDelayString = "PT5S", initialDelayString = "PT5S")
    void sweep() {
        long now = clock.millis();
        Instant instant = clock.instant();
        long idleMillis = properties.idleTimeout().toMillis();
        for (List<Connection> devices : hub.all()) {
            for (Connection connection : devices) {
                if (connection.tokenExpiresAt() != null && connection.tokenExpiresAt().isBefore(instant)) {
                    connection.close(Connection.UNAUTHORIZED);
                } else if (now - connection.lastHeardMillis() > idleMillis) {
                    connection.close(Connection.IDLE);
                }
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Handlers {
        @Bean
        FrameHandler<ClientFrame.Ping> pingHandler(Clock clock) {
            return new FrameHandler<>() {
                @Override
                public Class<ClientFrame.Ping> frameType() {
                    return ClientFrame.Ping.class;
                }

                @Override
                public void handle(FrameContext context, ClientFrame.Ping frame) {
                    context.reply(new ServerFrame.Pong(frame.id(), clock.instant()));
                }
            };
        }

        /** A fresh access token extends the socket's life; it must be the same user's. */
        @Bean
        FrameHandler<ClientFrame.Auth> authHandler(AccessTokens tokens) {
            return new FrameHandler<>() {
                @Override
                public Class<ClientFrame.Auth> frameType() {
                    return ClientFrame.Auth.class;
                }

                @Override
                public void handle(FrameContext context, ClientFrame.Auth frame) {
                    var verified = frame.token() == null ? java.util.Optional.<AccessTokens.Verified>empty()
                            : tokens.verify(frame.token());
                    if (verified.isEmpty() || verified.get().caller().userId() != context.caller().userId()) {
                        context.reply(new ServerFrame.Error(frame.id(), "unauthenticated", "That token is not valid"));
                        SocketFrameContext.connectionOf(context).closeAfterPending(Connection.UNAUTHORIZED);
                        return;
                    }
                    SocketFrameContext.connectionOf(context).renewToken(verified.get().expiresAt());
                    context.reply(new ServerFrame.Ok(frame.id()));
                }
            };
        }
    }
}
