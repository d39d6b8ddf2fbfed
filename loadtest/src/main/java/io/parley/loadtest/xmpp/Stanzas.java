package io.parley.loadtest.xmpp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The XMPP over WebSocket (RFC 7395) stanzas the harness sends, one per WebSocket text frame. */
public final class Stanzas {
    public static final String FRAMING = "urn:ietf:params:xml:ns:xmpp-framing";

    private Stanzas() {
    }

    public static String open(String domain) {
        return "<open xmlns=\"" + FRAMING + "\" to=\"" + escape(domain) + "\" version=\"1.0\"/>";
    }

    public static String close() {
        return "<close xmlns=\"" + FRAMING + "\"/>";
    }

    /** SASL PLAIN: base64 of {@code \0user\0password}. */
    public static String authPlain(String user, String password) {
        String credentials = "\0" + user + "\0" + password;
        return "<auth xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\" mechanism=\"PLAIN\">"
                + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)) + "</auth>";
    }

    public static String bind(String id, String resource) {
        return "<iq type=\"set\" id=\"" + escape(id) + "\"><bind xmlns=\"urn:ietf:params:xml:ns:xmpp-bind\"><resource>"
                + escape(resource) + "</resource></bind></iq>";
    }

    /** Initial presence: the session becomes available and receives messages sent to the bare JID. */
    public static String presence() {
        return "<presence/>";
    }

    public static String chat(String to, String id, String body) {
        return "<message to=\"" + escape(to) + "\" type=\"chat\" id=\"" + escape(id) + "\"><body>" + escape(body)
                + "</body></message>";
    }

    public static String groupchat(String room, String id, String body) {
        return "<message to=\"" + escape(room) + "\" type=\"groupchat\" id=\"" + escape(id) + "\"><body>" + escape(body)
                + "</body></message>";
    }

    /** Enters a MUC room without asking for its history. */
    public static String joinRoom(String roomJid, String nick) {
        return "<presence to=\"" + escape(roomJid + "/" + nick) + "\"><x xmlns=\"http://jabber.org/protocol/muc\">"
                + "<history maxstanzas=\"0\"/></x></presence>";
    }

    /** XEP-0199 ping to the server, the XMPP heartbeat. */
    public static String ping(String domain, String id) {
        return "<iq type=\"get\" to=\"" + escape(domain) + "\" id=\"" + escape(id) + "\"><ping xmlns=\"urn:xmpp:ping\"/></iq>";
    }

    public static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\'' -> "&apos;";
                default -> null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    public static String unescape(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
                .replace("&amp;", "&");
    }
}
