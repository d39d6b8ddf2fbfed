package io.parley.cluster.scenarios;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Listens, as one more subscriber, on the Redis sharded pub/sub channels over which nodes send
 * each other frames ({@code <prefix>node:<id>}): what the routed fan-out sent to which node.
 */
public final class NodeChannels implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern NODE_NUMBER = Pattern.compile("This node is number (\\d+)");

    private final String prefix;
    private final RedisClient client;
    private final StatefulRedisPubSubConnection<String, String> connection;
    private final List<Routed> received = new ArrayList<>();

    /** A frame sent to a node: for which users, and the frame itself. */
    public record Routed(int node, List<Long> userIds, JsonNode frame) {
        public String type() {
            return frame.path("type").asString();
        }
    }

    private NodeChannels(String redisUrl, String prefix) {
        this.prefix = prefix;
        this.client = RedisClient.create(redisUrl);
        this.connection = client.connectPubSub();
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void smessage(String channel, String message) {
                record(channel, message);
            }
        });
    }

    /** Subscribed (confirmed by Redis) to the channels of these node ids when it returns. */
    public static NodeChannels listen(String redisUrl, String prefix, int... nodeIds) {
        NodeChannels channels = new NodeChannels(redisUrl, prefix);
        channels.connection.sync().ssubscribe(Arrays.stream(nodeIds).mapToObj(id -> prefix + "node:" + id)
                .toArray(String[]::new));
        return channels;
    }

    /** The node id a node leased from Redis, as its log says (the last start's). */
    public static int nodeId(Path log) {
        try {
            Matcher matcher = NODE_NUMBER.matcher(Files.readString(log));
            int id = -1;
            while (matcher.find()) {
                id = Integer.parseInt(matcher.group(1));
            }
            if (id < 0) {
                throw new IllegalStateException("No node number in " + log);
            }
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The wire format of gateway.RoutedFrame: "<exceptDevice> <userId>,<userId>... <origin>[ <traceparent>]\n<frame>". */
    private void record(String channel, String message) {
        int newline = message.indexOf('\n');
        String[] header = message.substring(0, newline).split(" ", 3);
        List<Long> userIds = Arrays.stream(header[1].split(",")).map(Long::valueOf).toList();
        Routed routed = new Routed(Integer.parseInt(channel.substring((prefix + "node:").length())), userIds,
                JSON.readTree(message.substring(newline + 1)));
        synchronized (received) {
            received.add(routed);
            received.notifyAll();
        }
    }

    /** Everything sent to this node so far that matches, in order. */
    public List<Routed> sentTo(int node, Predicate<Routed> matching) {
        synchronized (received) {
            return received.stream().filter(r -> r.node() == node && matching.test(r)).toList();
        }
    }

    /** Waits up to {@code within} for a frame sent to this node that matches. */
    public boolean awaitSentTo(int node, Predicate<Routed> matching, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        synchronized (received) {
            while (sentTo(node, matching).isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    received.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
