package io.parley.platform.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import java.time.Duration;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One Redis server shared by the nodes: a thread-safe connection for commands, and Lua scripts run
 * by their SHA (loaded again if the server restarted and forgot them). Every key starts with
 * {@link #prefix()}, so tests and installations can share one server.
 */
public final class Redis implements AutoCloseable {
    private static final RedisCodec<String, byte[]> BINARY = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final String prefix;
    private final ConcurrentMap<String, String> shas = new ConcurrentHashMap<>();

    public Redis(String url, String prefix) {
        this.client = RedisClient.create(url);
        // While Redis is away, commands fail at once (callers degrade: local limits, local delivery)
        // instead of queueing behind the reconnect; none waits more than COMMAND_TIMEOUT.
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        this.connection = client.connect();
        this.prefix = prefix;
    }

    public RedisCommands<String, String> commands() {
        return connection.sync();
    }

    /** Commands that answer futures: many at once are pipelined on the one connection. */
    public RedisAsyncCommands<String, String> async() {
        return connection.async();
    }

    /** A new connection for SUBSCRIBE (a subscribed connection can do nothing else). */
    public StatefulRedisPubSubConnection<String, String> pubSub() {
        return client.connectPubSub();
    }

    /**
     * A new connection whose values are bytes (keys and channels stay text): for payloads that are
     * bytes already, such as encoded frames, so nothing converts them on the way.
     */
    public StatefulRedisConnection<String, byte[]> connectBinary() {
        return client.connect(BINARY);
    }

    /** A new SUBSCRIBE connection whose messages are bytes. */
    public StatefulRedisPubSubConnection<String, byte[]> pubSubBinary() {
        return client.connectPubSub(BINARY);
    }

    /** False while the connection is down (Lettuce is reconnecting): callers that must not wait can tell. */
    public boolean isConnected() {
        return connection.isOpen();
    }

    public String prefix() {
        return prefix;
    }

    /** Runs a Lua script by its SHA, loading it on first use and after a server restart. */
    public <T> T eval(String script, ScriptOutputType type, String[] keys, String... args) {
        String sha = shas.computeIfAbsent(script, s -> commands().scriptLoad(s));
        try {
            return commands().evalsha(sha, type, keys, args);
        } catch (RedisNoScriptException e) {
            shas.put(script, commands().scriptLoad(script));
            return commands().evalsha(shas.get(script), type, keys, args);
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
