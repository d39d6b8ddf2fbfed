package io.parley.loadtest.worker;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * What a receiver got from one sender's stream: which sequence numbers, under which message
 * ids. A message seen again under the same id (live and again by sync) is merged, as the app
 * merges by id; the same sequence under a second id would be a message stored twice.
 */
public final class Received {
    private final BitSet seen = new BitSet();
    private final Map<Long, String> ids = new HashMap<>();
    private long storedTwice;
    private long live;
    private long bySync;

    /** Records a delivery; answers whether it was new (not a merge of one already seen). */
    public synchronized boolean add(long seq, String messageId, boolean viaSync) {
        String before = ids.putIfAbsent(seq, messageId);
        if (before == null) {
            seen.set((int) seq);
            if (viaSync) {
                bySync++;
            } else {
                live++;
            }
            return true;
        }
        if (!before.equals(messageId)) {
            storedTwice++;
        }
        return false;
    }

    public synchronized boolean has(long seq) {
        return seen.get((int) seq);
    }

    public synchronized long storedTwice() {
        return storedTwice;
    }

    public synchronized long live() {
        return live;
    }

    public synchronized long bySync() {
        return bySync;
    }

    public synchronized int count() {
        return seen.cardinality();
    }

    /** The acknowledged sequences that never arrived. */
    public synchronized long missingOf(BitSet acked) {
        BitSet missing = (BitSet) acked.clone();
        missing.andNot(seen);
        return missing.cardinality();
    }
}
