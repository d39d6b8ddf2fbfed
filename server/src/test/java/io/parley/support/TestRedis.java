package io.parley.support;

import io.parley.platform.redis.Redis;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One real redis-server (Debian's) for the whole test JVM, on a free loopback port, stopped when the
 * JVM exits. Each test takes its own key prefix.
 */
public final class TestRedis {
    private static final Path BINARY = Path.of("/usr/bin/redis-server");
    private static final AtomicLong prefixes = new AtomicLong();
    private static String url;

    private TestRedis() {
    }

    public static synchronized String url() {
        if (url == null) {
            if (!Files.isExecutable(BINARY)) {
                throw new IllegalStateException(BINARY + " is missing: install it with "
                        + "`apt-get install -y redis-server` (the Redis tests need a real Redis 7)");
            }
            Server server = startServer();
            Runtime.getRuntime().addShutdownHook(new Thread(server.process()::destroy));
            url = server.url();
        }
        return url;
    }

    /** A redis-server process on a loopback port. */
    public record Server(Process process, int port) implements AutoCloseable {
        public String url() {
            return "redis://127.0.0.1:" + port;
        }

        /** Stops it (as a crash would: nothing is saved anyway) and waits until it is gone. */
        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** A server of the caller's own, which the caller stops (to see what happens without Redis). */
    public static Server startServer() {
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            Process server = new ProcessBuilder(BINARY.toString(), "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectErrorStream(true)
                    .start();
            awaitPong(port, server);
            return new Server(server, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client on the shared server with keys of its own. */
    public static Redis newClient() {
        return newClient(uniquePrefix());
    }

    /** A client on the shared server with this key prefix: clients sharing it are one cluster. */
    public static Redis newClient(String prefix) {
        return new Redis(url(), prefix);
    }

    /** A prefix no other test uses, for clients (nodes) that must share keys. */
    public static String uniquePrefix() {
        return "t" + prefixes.incrementAndGet() + ":";
    }

    private static void awaitPong(int port, Process server) throws IOException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + server.exitValue());
            }
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                OutputStream out = socket.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] reply = new byte[7];
                if (in.readNBytes(reply, 0, 7) == 7
                        && new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n")) {
                    return;
                }
            } catch (IOException notYet) {
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // poll interval
            }
        }
        server.destroy();
        throw new IllegalStateException("redis-server did not answer PING on port " + port);
    }
}
