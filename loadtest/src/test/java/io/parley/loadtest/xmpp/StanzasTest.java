package io.parley.loadtest.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class StanzasTest {
    @Test
    void buildsRfc7395FramingAndSaslPlain() {
        assertEquals("<open xmlns=\"urn:ietf:params:xml:ns:xmpp-framing\" to=\"localhost\" version=\"1.0\"/>", Stanzas.open("localhost"));
        String auth = Stanzas.authPlain("lt1", "pw");
        String b64 = auth.substring(auth.indexOf('>') + 1, auth.indexOf("</auth>"));
        assertEquals("\0lt1\0pw", new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8));
        assertTrue(auth.contains("mechanism=\"PLAIN\""));
    }

    @Test
    void escapesBodiesAndAttributes() {
        String m = Stanzas.chat("b@localhost", "1", "a < b & \"c\"");
        assertTrue(m.contains("<body>a &lt; b &amp; &quot;c&quot;</body>"), m);
        assertEquals("a < b & \"c\"", XmppEvent.parse(m).body());
    }

    @Test
    void readsStanzaNameTypeIdAndBody() {
        XmppEvent iq = XmppEvent.parse("<iq xmlns='jabber:client' type='result' id='bind'><bind/></iq>");
        assertEquals("iq", iq.element());
        assertEquals("result", iq.type());
        assertEquals("bind", iq.id());
        XmppEvent m = XmppEvent.parse("<message from=\"g@conference.localhost/lt1\" type=\"groupchat\" id=\"3.4\"><body>1:2:3:x</body></message>");
        assertEquals("groupchat", m.type());
        assertEquals("1:2:3:x", m.body());
        assertEquals("stream:features", XmppEvent.parse("<stream:features xmlns:stream='x'><mechanisms/></stream:features>").element());
    }

    @Test
    void joinsRoomsWithoutHistory() {
        String join = Stanzas.joinRoom("g10@conference.localhost", "lt3");
        assertTrue(join.contains("to=\"g10@conference.localhost/lt3\""));
        assertTrue(join.contains("<history maxstanzas=\"0\"/>"));
    }
}
