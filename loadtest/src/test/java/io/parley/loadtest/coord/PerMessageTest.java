package io.parley.loadtest.coord;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PerMessageTest {
    @Test
    void theLastRecipientIsTheSlowestOverAllProcesses() {
        PerMessage m = new PerMessage();
        m.add(List.of("1\t5000000\t400", "2\t3000000\t499"));
        m.add(List.of("1\t9000000\t599", "2\t1000000\t499"));
        assertEquals(2, m.messages());
        assertEquals(9.0, m.lastRecipient().getMaxValue() / 1e6, 0.01);
        assertEquals(1, m.incomplete(999)); // message 1 reached all 999 others, message 2 only 998
    }

    @Test
    void classHistogramGrowthIsPerConnection() {
        String before = "   1:   10   1000  [B (java.base)\n";
        String after = "   1:   2010   201000  [B (java.base)\n   2:  100  4000  org.apache.tomcat.websocket.WsSession\n";
        List<String> top = ClassHistogram.topGrowth(before, after, 100, 5);
        assertEquals("2000\t20.00\t[B", top.get(0));
        assertEquals("40\t1.00\torg.apache.tomcat.websocket.WsSession", top.get(1));
    }
}
