package io.parley.gateway;

import io.parley.platform.security.AccountGate;
import io.parley.platform.web.ProblemException;
import io.parley.protocol.ClientFrame;
import io.parley.protocol.FrameHandler;
import io.parley.protocol.ServerFrame;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/** Routes each client frame to its handler; every kind of frame has exactly one. */
@Component
class FrameDispatcher {
    private static final Logger log = LoggerFactory.getLogger(FrameDispatcher.class);
    private final Map<Class<?>, FrameHandler<?>> handlers = new HashMap<>();

    private final AccountGate gate;

    FrameDispatcher(List<FrameHandler<?>> all, AccountGate gate) {
        this.gate = gate;
        for (FrameHandler<?> handler : all) {
            if (handlers.put(handler.frameType(), handler) != null) {
                throw new IllegalStateException("Two handlers for " + handler.frameType().getSimpleName());
            }
        }
        List<String> missing = Arrays.stream(ClientFrame.class.getPermittedSubclasses())
                .filter(type -> !handlers.containsKey(type)).map(Class::getSimpleName).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("No handler for client frames " + missing);
        }
        log.debug("Frame handlers: {}", handlers.entrySet().stream()
                .map(e -> e.getKey().getSimpleName() + "->" + e.getValue().getClass().getSimpleName())
                .collect(Collectors.joining(", ")));
    }

    @SuppressWarnings("unchecked")
    void dispatch(SocketFrameContext context, ClientFrame frame) {
        FrameHandler<ClientFrame> handler = (FrameHandler<ClientFrame>) handlers.get(frame.getClass());
        var refusal = gate.refusal(context.caller().userId());
        if (refusal.isPresent()) {
            // The socket should already be closing (AccountStatusChanged); a frame that raced it is refused.
            context.reply(new ServerFrame.Error(frame.id(), refusal.get().code(), refusal.get().getMessage()));
            context.connection().closeAfterPending(new CloseStatus(Connection.BARRED, refusal.get().code()));
            return;
        }
        try {
            handler.handle(context, frame);
        } catch (ProblemException e) {
            context.reply(new ServerFrame.Error(frame.id(), e.code(), e.getMessage()));
        } catch (RuntimeException e) {
            log.error("Handling a {} frame failed", frame.getClass().getSimpleName(), e);
            context.reply(new ServerFrame.Error(frame.id(), "internal-error", "Something went wrong on our side"));
        }
    }
}
