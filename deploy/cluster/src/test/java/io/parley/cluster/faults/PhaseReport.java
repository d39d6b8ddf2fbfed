package io.parley.cluster.faults;

import java.util.List;
import java.util.Map;

/**
 * What one fault did to steady traffic, as the clients saw it. Times in milliseconds; -1 where
 * nothing was measured (no device lost its socket, say).
 *
 * @param fault                      what was done
 * @param faultMillis                from the fault to the part being back (its start() returned); 0 for a kill that is not undone
 * @param acked                      messages acknowledged during the phase
 * @param ackedAsDuplicate           of those, acknowledged as stored before (a retry of a send whose ack was lost)
 * @param rejected                   sends refused for good (never expected)
 * @param firstAckAfterFaultMillis   from the fault's end to the first ack after it (any sender)
 * @param everySenderBackMillis      from the fault's end until every sender had an ack again
 * @param longestSendStallMillis     the longest time one sender waited between two acks
 * @param devicesCut                 devices whose socket closed during the phase
 * @param reconnectedSyncedMillis    from the fault until every cut device was connected and synced again
 * @param longestLiveGapMillis       the longest time one device went without a live message while traffic flowed
 * @param deliveredAfterStopMillis   from the end of sending until every acked message had reached every device
 * @param seenOnlyThroughSync        (message, device) pairs that came through sync and never live
 * @param clientsSaw                 what clients ran into: refusals by code, cut sends, failed handshakes and syncs
 * @param missing                    (message, device) pairs never seen (capped)
 * @param liveDuplicates             message frames delivered twice on one connection
 * @param syncDuplicates             messages returned by two syncs of one device
 * @param outOfOrder                 live frames of a conversation with a smaller id than an earlier one on that connection
 * @param storedDuplicates           (sender, clientMessageId) stored more than once
 * @param storedMissing              acknowledged messages not in the history (or under another id)
 * @param cutDevices                 what each cut device went through, in seconds from the fault
 */
public record PhaseReport(String fault, long faultMillis, int acked, int ackedAsDuplicate, int rejected,
        long firstAckAfterFaultMillis, long everySenderBackMillis, long longestSendStallMillis, int devicesCut,
        long reconnectedSyncedMillis, long longestLiveGapMillis, long deliveredAfterStopMillis, int seenOnlyThroughSync,
        Map<String, Long> clientsSaw, List<String> missing, List<String> liveDuplicates, List<String> syncDuplicates,
        List<String> outOfOrder, List<String> storedDuplicates, List<String> storedMissing,
        Map<String, String> cutDevices) {
}
