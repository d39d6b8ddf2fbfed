package io.parley.message;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxLength          the longest message body, in characters (code points)
 * @param unsendWindow       how long after sending a message can be unsent
 * @param writers            threads committing batches of messages (in parallel, so one commit's
 *                           flush overlaps the next batch); each conversation keeps to one of them,
 *                           so its messages commit and are delivered in order
 * @param maxBatch           the most messages in one insert
 * @param maxQueued          sends waiting before new ones are refused (server-busy), shared
 *                           equally among the writers' queues
 * @param readFanoutLimit    up to this many members, every member sees every read receipt; in
 *                           larger groups only the reader's devices and the senders of what was read
 * @param linger             under load (the last batch held more than one message), how long a
 *                           writer waits for more sends before committing: fewer, larger commits
 *                           cost the database far less per message; 0 turns it off
 */
@ConfigurationProperties("parley.message")
public record MessageProperties(
        @DefaultValue("10000") int maxLength,
        @DefaultValue("1h") Duration unsendWindow,
        @DefaultValue("1") int writers,
        @DefaultValue("500") int maxBatch,
        @DefaultValue("50000") int maxQueued,
        @DefaultValue("100") int readFanoutLimit,
        @DefaultValue("2ms") java.time.Duration linger) {
}
