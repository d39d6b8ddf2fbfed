package io.parley.loadtest.net;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/** One client WebSocket. Sending is safe from any thread (Netty hands the write to the channel's loop). */
public final class WsConnection {
    private final Channel channel;

    WsConnection(Channel channel) {
        this.channel = channel;
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    public void send(String text) {
        channel.writeAndFlush(new TextWebSocketFrame(ByteBufUtil.writeUtf8(channel.alloc(), text)), channel.voidPromise());
    }

    /** Queues without flushing; {@link #flush} sends what was queued. */
    public void write(String text) {
        channel.write(new TextWebSocketFrame(ByteBufUtil.writeUtf8(channel.alloc(), text)), channel.voidPromise());
    }

    public void flush() {
        channel.flush();
    }

    /** A polite close: a close frame, then the socket. */
    public void close() {
        if (channel.isActive()) {
            channel.writeAndFlush(new CloseWebSocketFrame(1000, "bye")).addListener(f -> channel.close());
        }
    }

    /** Drops the TCP connection at once, as a phone losing its network would (no close frame). */
    public void abort() {
        channel.close();
    }

    public Channel channel() {
        return channel;
    }
}
