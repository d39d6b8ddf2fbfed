package io.parley.loadtest.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class ReceivedTest {
    @Test
    void findsGapsAgainstWhatWasAcknowledged() {
        Received r = new Received();
        r.add(0, "m0", false);
        r.add(1, "m1", false);
        r.add(3, "m3", true);
        BitSet acked = new BitSet();
        acked.set(0, 5); // 0..4 acknowledged
        assertEquals(2, r.missingOf(acked)); // 2 and 4 never arrived
        assertEquals(2, r.live());
        assertEquals(1, r.bySync());
    }

    @Test
    void theSameMessageTwiceIsMergedButTwoIdsForOneSequenceIsADuplicate() {
        Received r = new Received();
        assertTrue(r.add(5, "m5", false));
        assertFalse(r.add(5, "m5", true)); // live, then again by sync: merged by id
        assertEquals(0, r.storedTwice());
        assertFalse(r.add(5, "other", true)); // stored twice under two ids
        assertEquals(1, r.storedTwice());
        assertEquals(1, r.count());
    }
}
