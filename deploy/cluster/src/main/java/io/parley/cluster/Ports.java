package io.parley.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

final class Ports {
    private Ports() {
    }

    /** A port nothing listens on at {@code address} right now. */
    static int free(String address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + address, e);
        }
    }

    /** The port itself, or any free one for 0; a clear error when it is taken. */
    static int chosen(String address, int port, String option) {
        if (port == 0) {
            return free(address);
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            return port;
        } catch (IOException e) {
            throw new IllegalStateException("Port " + port + " on " + address + " is taken; choose another with "
                    + option + "=<port>", e);
        }
    }
}
