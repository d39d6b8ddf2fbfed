package io.parley.loadtest.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the kernel says about a server's sockets. */
class ProcessStatsTest {

    @Test
    void addressesAreWrittenAsProcNetTcpWritesThem() {
        assertEquals("0200007F:1F90", ProcessStats.hex("127.0.0.2:8080"));
        assertEquals("0100007F:01BB", ProcessStats.hex("127.0.0.1:443"));
    }

    /** A JVM's sockets are IPv6 ones with IPv4-mapped addresses: they are in /proc/net/tcp6. */
    @Test
    void establishedCountsTheServerSideOfEachConnection() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.5"))) {
            String local = "127.0.0.5:" + server.getLocalPort();
            List<Socket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Socket client = new Socket();
                    client.connect(new InetSocketAddress("127.0.0.5", server.getLocalPort()));
                    clients.add(client);
                }
                Map<String, Long> counts = ProcessStats.established(List.of(local, "127.0.0.6:1"));

                assertEquals(3L, counts.get(local));
                assertEquals(0L, counts.get("127.0.0.6:1"));
            } finally {
                for (Socket client : clients) {
                    client.close();
                }
            }
        }
    }
}
