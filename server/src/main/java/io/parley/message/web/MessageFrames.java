package io.parley.message.web;

import io.parley.message.MessageService;
import io.parley.message.Realtime;
import io.parley.message.Views;
import io.parley.platform.web.ProblemException;
import io.parley.protocol.ClientFrame;
import io.parley.protocol.FrameContext;
import io.parley.protocol.FrameHandler;
import io.parley.protocol.ServerFrame;
import java.util.concurrent.CompletionException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The WebSocket side of messaging: frames in, the same service calls as REST, frames out. */
@Configuration(proxyBeanMethods = false)
class MessageFrames {

    @Bean
    FrameHandler<ClientFrame.Send> sendFrames(MessageService messages) {
        return handler(ClientFrame.Send.class, (context, frame) -> {
            if (frame.kind() != null && !frame.kind().equals("text")) {
                throw ProblemException.badRequest("invalid-frame", "kind must be \"text\"");
            }
            if (frame.clientMessageId() == null) {
                throw ProblemException.badRequest("invalid-message", "clientMessageId is required");
            }
            // The ack goes out when the message is committed; meanwhile this socket reads on.
            messages.send(context.caller(), id(frame.conversationId(), "conversationId"), frame.clientMessageId(), frame.body())
                    .whenComplete((sent, failure) -> {
                        if (failure == null) {
                            context.reply(new ServerFrame.Ack(frame.id(), sent.duplicate(), Views.acknowledged(sent.message())));
                        } else {
                            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                            context.reply(cause instanceof ProblemException problem
                                    ? new ServerFrame.Error(frame.id(), problem.code(), problem.getMessage())
                                    : new ServerFrame.Error(frame.id(), "internal-error", "Something went wrong on our side"));
                        }
                    });
        });
    }

    @Bean
    FrameHandler<ClientFrame.Read> readFrames(MessageService messages) {
        return handler(ClientFrame.Read.class, (context, frame) -> {
            messages.markRead(context.caller().userId(), id(frame.conversationId(), "conversationId"),
                    id(frame.messageId(), "messageId"));
            context.reply(new ServerFrame.Ok(frame.id()));
        });
    }

    @Bean
    FrameHandler<ClientFrame.Received> receivedFrames(Realtime realtime) {
        return handler(ClientFrame.Received.class, (context, frame) -> realtime.received(context.caller(),
                id(frame.conversationId(), "conversationId"), id(frame.messageId(), "messageId")));
    }

    @Bean
    FrameHandler<ClientFrame.Unsend> unsendFrames(MessageService messages) {
        return handler(ClientFrame.Unsend.class, (context, frame) -> {
            messages.unsend(context.caller().userId(), id(frame.conversationId(), "conversationId"),
                    id(frame.messageId(), "messageId"));
            context.reply(new ServerFrame.Ok(frame.id()));
        });
    }

    @Bean
    FrameHandler<ClientFrame.Typing> typingFrames(Realtime realtime) {
        return handler(ClientFrame.Typing.class, (context, frame) ->
                realtime.typing(context.caller().userId(), id(frame.conversationId(), "conversationId")));
    }

    /** A frame's id field as a number; a missing or malformed one is the client's mistake. */
    static long id(String value, String field) {
        if (value == null) {
            throw ProblemException.badRequest("invalid-frame", field + " is required");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("invalid-frame", field + " must be an id (digits)");
        }
    }

    interface Handling<F extends ClientFrame> {
        void handle(FrameContext context, F frame);
    }

    static <F extends ClientFrame> FrameHandler<F> handler(Class<F> type, Handling<F> handling) {
        return new FrameHandler<>() {
            @Override
            public Class<F> frameType() {
                return type;
            }

            @Override
            public void handle(FrameContext context, F frame) {
                handling.handle(context, frame);
            }
        };
    }
}
