package io.parley.loadtest.worker;

import io.parley.loadtest.net.WsConnection;
import io.parley.loadtest.net.WsConnector;
import io.parley.loadtest.xmpp.Stanzas;
import io.parley.loadtest.xmpp.XmppEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A device speaking XMPP over WebSocket (RFC 7395) to ejabberd: open, SASL PLAIN, restart,
 * bind, initial presence, and for group rooms a MUC join (ready at the self-presence, status 110).
 */
public final class XmppClient extends Client {
    private static final AtomicLong IDS = new AtomicLong();
    private final WsConnector connector;
    private boolean authenticated;
    private boolean bound;

    public XmppClient(ClientSpec spec, ClientHost host, WsConnector connector) {
        super(spec, host);
        this.connector = connector;
    }

    @Override
    protected void open(String localAddress) {
        authenticated = false;
        bound = false;
        WorkerPlan plan = host.plan();
        connector.connect(URI.create("ws://" + plan.host() + ":" + plan.port() + plan.wsPath()), localAddress, "xmpp", this);
    }

    @Override
    public void onOpen(WsConnection c) {
        connection = c;
        c.send(Stanzas.open(host.plan().xmppDomain()));
    }

    @Override
    public void onText(WsConnection c, byte[] utf8) {
        String stanza = new String(utf8, StandardCharsets.UTF_8);
        XmppEvent event = XmppEvent.parse(stanza);
        String element = event.element();
        if (element.equals("message")) {
            if (event.body() != null) {
                arrived(event.body(), event.id(), false);
            }
        } else if (element.endsWith("features")) {
            if (!authenticated) {
                c.send(Stanzas.authPlain(spec.user(), spec.token()));
            } else if (!bound) {
                c.send(Stanzas.bind("bind", "lt"));
            }
        } else if (element.equals("success")) {
            authenticated = true;
            c.send(Stanzas.open(host.plan().xmppDomain()));
        } else if (element.equals("failure")) {
            host.metrics().error("sasl-failure");
            c.abort();
        } else if (element.equals("iq")) {
            if ("bind".equals(event.id()) && "result".equals(event.type())) {
                bound = true;
                c.send(Stanzas.presence());
                if (spec.room()) {
                    c.send(Stanzas.joinRoom(spec.target(), spec.user()));
                } else {
                    becameReady();
                }
            } else if ("error".equals(event.type())) {
                host.metrics().error("iq-error");
            }
        } else if (element.equals("presence")) {
            if (spec.room() && !ready && "error".equals(event.type())) {
                host.metrics().error("muc-join-refused");
                c.abort();
            } else if (spec.room() && !ready && (stanza.contains("code=\"110\"") || stanza.contains("code='110'"))) {
                becameReady();
            }
        } else if (element.equals("stream:error") || element.equals("close")) {
            host.metrics().error("stream-" + element);
        }
    }

    @Override
    protected void transmit(WsConnection c, Pending p) {
        String id = p.seq() + "." + p.intendedEpochNanos();
        c.send(spec.room() ? Stanzas.groupchat(spec.target(), id, p.body()) : Stanzas.chat(spec.target(), id, p.body()));
        // XMPP has no application ack here (no XEP-0198): a written message leaves the outbox.
        outbox.remove(p.seq());
    }

    @Override
    public void heartbeat() {
        WsConnection c = connection;
        if (ready && c != null) {
            c.send(Stanzas.ping(host.plan().xmppDomain(), "ping" + IDS.incrementAndGet()));
        }
    }
}
