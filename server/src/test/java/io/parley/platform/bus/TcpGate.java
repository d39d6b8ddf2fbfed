package io.parley.platform.bus;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback port that forwards to another, and can be shut: what a network outage between a node
 * and its broker looks like from the node (connections cut, new ones turned away at once).
 */
final class TcpGate implements AutoCloseable {
    private final ServerSocket server;
    private volatile int target;
    private final Set<Socket> live = ConcurrentHashMap.newKeySet();
    private final AtomicInteger turnedAway = new AtomicInteger();
    private volatile boolean open = true;

    /** {@code target}: the port to forward to (0: set later, with {@link #forwardTo}). */
    TcpGate(int target) throws IOException {
        this.target = target;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    void forwardTo(int port) {
        target = port;
    }

    int port() {
        return server.getLocalPort();
    }

    /** Cuts every connection and turns new ones away until {@link #open()}. */
    void shut() {
        open = false;
        turnedAway.set(0);
        for (Socket socket : live) {
            closeQuietly(socket);
        }
    }

    void open() {
        open = true;
    }

    /** Connections turned away since the gate was shut: clients noticed and tried again. */
    int turnedAway() {
        return turnedAway.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (!open) {
                    turnedAway.incrementAndGet();
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                live.add(client);
                live.add(upstream);
                Thread.ofVirtual().start(() -> pump(client, upstream));
                Thread.ofVirtual().start(() -> pump(upstream, client));
            } catch (IOException e) {
                // The gate closed, or the target refused: the client sees a closed connection.
            }
        }
    }

    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[16 * 1024];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException cut) {
            // One side went away: close both.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            live.remove(from);
            live.remove(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
    }

    @Override
    public void close() throws IOException {
        shut();
        server.close();
    }
}
