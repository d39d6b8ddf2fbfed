package io.parley.loadtest.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * Opens client WebSockets bound to a chosen local address (the JDK's HTTP client cannot), so one
 * process can spread its connections over 127.0.0.2, 127.0.0.3, ... Small buffers: many
 * thousands of connections share a process. wss:// URLs speak TLS (the JDK's engine), trusting
 * one given certificate.
 */
public final class WsConnector implements AutoCloseable {
    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelType;
    private final SslContext tls;

    public WsConnector(int threads) {
        this(threads, null);
    }

    /** {@code tls}: what wss:// connections trust (see {@link #trusting}), or null for ws:// only. */
    public WsConnector(int threads, SslContext tls) {
        this.group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        this.channelType = NioSocketChannel.class;
        this.tls = tls;
    }

    /**
     * TLS that trusts exactly this certificate (PEM): a cluster's self-signed one, pinned, so the
     * host name is not checked. No peer host is given to the engine, so every connection makes a
     * full handshake, as a new device would (no session resumption across the simulated devices).
     */
    public static SslContext trusting(File certificate) {
        try {
            return SslContextBuilder.forClient().trustManager(certificate).endpointIdentificationAlgorithm(null).build();
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException("Cannot trust " + certificate, e);
        }
    }

    /**
     * Connects from {@code localAddress} to {@code uri} (ws://host:port/path?query). The listener
     * hears of the open, every text message and the close; a failed connect is a close with a failure.
     */
    public void connect(URI uri, String localAddress, String subprotocol, WsListener listener) {
        connect(uri, localAddress, subprotocol, null, listener);
    }

    /** As above, sending {@code bearerToken} (if not null) in the Authorization header, as native apps do. */
    public void connect(URI uri, String localAddress, String subprotocol, String bearerToken, WsListener listener) {
        boolean secure = "wss".equals(uri.getScheme());
        if (secure && tls == null) {
            throw new IllegalStateException(uri + " needs TLS: no certificate to trust was given");
        }
        DefaultHttpHeaders headers = new DefaultHttpHeaders();
        if (bearerToken != null) {
            headers.add("Authorization", "Bearer " + bearerToken);
        }
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .version(WebSocketVersion.V13)
                .subprotocol(subprotocol)
                .customHeaders(headers)
                .maxFramePayloadLength(256 * 1024)
                .handshakeTimeoutMillis(60_000)
                .handleCloseFrames(false)
                .dropPongFrames(true)
                .absoluteUpgradeUrl(false)
                .build();
        Bootstrap bootstrap = new Bootstrap().group(group).channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 60_000)
                .option(ChannelOption.SO_RCVBUF, 32 * 1024)
                .option(ChannelOption.SO_SNDBUF, 32 * 1024)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (secure) {
                            SslHandler handler = tls.newHandler(ch.alloc());
                            handler.setHandshakeTimeoutMillis(60_000);
                            ch.pipeline().addLast(handler);
                        }
                        ch.pipeline().addLast(new HttpClientCodec(4096, 8192, 8192), new HttpObjectAggregator(16 * 1024),
                                new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(256 * 1024),
                                new Inbound(listener));
                    }
                });
        ChannelFuture future = bootstrap.connect(new InetSocketAddress(uri.getHost(), uri.getPort()),
                new InetSocketAddress(localAddress, 0));
        future.addListener(f -> {
            if (!f.isSuccess()) {
                listener.onClosed(null, -1, f.cause());
            }
        });
    }

    public EventLoopGroup group() {
        return group;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Turns channel events into listener calls. */
    private static final class Inbound extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final WsListener listener;
        private WsConnection connection;
        private int closeCode = -1;
        private Throwable failure;
        private boolean opened;

        Inbound(WsListener listener) {
            this.listener = listener;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                opened = true;
                connection = new WsConnection(ctx.channel());
                listener.onOpen(connection);
            } else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                failure = new IllegalStateException("handshake timed out");
                ctx.close();
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame text) {
                ByteBuf content = text.content();
                listener.onText(connection, ByteBufUtil.getBytes(content));
            } else if (frame instanceof CloseWebSocketFrame close) {
                closeCode = close.statusCode();
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (failure == null) {
                failure = cause;
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            Channel channel = ctx.channel();
            WsConnection gone = connection != null ? connection : new WsConnection(channel);
            listener.onClosed(opened ? gone : null, closeCode,
                    opened ? failure : (failure != null ? failure : new IllegalStateException("closed before the handshake")));
            super.channelInactive(ctx);
        }
    }
}
