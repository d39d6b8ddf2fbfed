package io.parley.loadtest.worker;

import io.parley.loadtest.net.WsConnection;
import io.parley.loadtest.net.WsConnector;
import io.parley.loadtest.proto.ClientFrames;
import io.parley.loadtest.proto.ServerEvent;
import io.parley.loadtest.rest.ParleyApi;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;

/** A device speaking Parley's protocol: token at the handshake, hello, send/ack, message, ping/pong, auth renewal. */
public final class ParleyClient extends Client {
    private static final AtomicLong FRAME_IDS = new AtomicLong();
    private final WsConnector connector;
    private volatile String accessToken;
    private volatile String refreshToken;
    private volatile long tokenExpiresEpochMs;
    private volatile String cursor;
    private volatile boolean renewing;

    public ParleyClient(ClientSpec spec, ClientHost host, WsConnector connector) {
        super(spec, host);
        this.connector = connector;
        this.accessToken = spec.token();
        this.refreshToken = spec.refreshToken();
        this.tokenExpiresEpochMs = spec.tokenExpiresEpochMs();
    }

    @Override
    protected void open(String localAddress) {
        WorkerPlan plan = host.plan();
        URI uri = URI.create(spec.endpoint() != null ? spec.endpoint() : "ws://" + plan.host() + ":" + plan.port() + plan.wsPath());
        connector.connect(uri, localAddress, null, accessToken, this);
    }

    @Override
    public void onOpen(WsConnection c) {
        connection = c;
    }

    @Override
    public void onText(WsConnection c, byte[] utf8) {
        ServerEvent event = ServerEvent.parse(utf8);
        switch (event.type()) {
            case "message" -> arrived(event.body(), event.messageId(), false);
            case "ack" -> {
                String id = event.id();
                int dot = id == null ? -1 : id.indexOf('.');
                if (dot > 0) {
                    acknowledged(Long.parseLong(id, 0, dot, 10), new String(utf8, java.nio.charset.StandardCharsets.US_ASCII)
                            .contains("\"duplicate\":true"));
                }
            }
            case "hello" -> becameReady();
            case "error" -> host.metrics().error(event.code());
            default -> {
            }
        }
    }

    @Override
    protected void transmit(WsConnection c, Pending p) {
        c.send(new ClientFrames.Send(p.seq() + "." + p.intendedEpochNanos(), spec.target(), p.clientMessageId(), p.body()).json());
    }

    @Override
    public void heartbeat() {
        WsConnection c = connection;
        if (ready && c != null) {
            c.send(new ClientFrames.Ping("p" + FRAME_IDS.incrementAndGet()).json());
        }
    }

    public boolean tokenExpiresWithin(long millis) {
        return !renewing && tokenExpiresEpochMs - System.currentTimeMillis() < millis;
    }

    /** Trades the refresh token for new tokens and hands the new access token to the open socket. Blocking. */
    public void renewToken() {
        renewing = true;
        try {
            ParleyApi.Tokens tokens = host.api().refresh(refreshToken);
            accessToken = tokens.accessToken();
            refreshToken = tokens.refreshToken();
            tokenExpiresEpochMs = tokens.accessExpiresEpochMs();
            WsConnection c = connection;
            if (c != null && c.isOpen()) {
                c.send(new ClientFrames.Auth("a" + FRAME_IDS.incrementAndGet(), accessToken).json());
            }
        } finally {
            renewing = false;
        }
    }

    /** Catches up with {@code GET /api/sync} from the last cursor (the first call only takes a cursor). Blocking. */
    public int sync() {
        int fetched = 0;
        ParleyApi.SyncPage page;
        do {
            page = host.api().sync(accessToken, cursor);
            if (cursor != null) {
                for (ParleyApi.SyncMessage m : page.messages()) {
                    arrived(m.body(), m.id(), true);
                    fetched++;
                }
            }
            cursor = page.cursor();
        } while (page.hasMore());
        return fetched;
    }

    public String tokenLine() {
        return spec.index() + "\t" + spec.user() + "\t" + accessToken + "\t" + refreshToken + "\t" + tokenExpiresEpochMs;
    }
}
