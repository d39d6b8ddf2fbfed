package io.parley.cluster;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/** Whether a part answers as it should, asked over its own protocol with a short timeout. */
sealed interface Probe {
    int TIMEOUT_MILLIS = 2000;

    boolean healthy();

    /** A 2xx from an HTTP(S) URL (a node's readiness, nginx's own health). */
    record Http(URI uri, SSLContext tls) implements Probe {
        @Override
        public boolean healthy() {
            try {
                HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
                if (connection instanceof HttpsURLConnection https && tls != null) {
                    https.setSSLSocketFactory(tls.getSocketFactory());
                }
                connection.setConnectTimeout(TIMEOUT_MILLIS);
                connection.setReadTimeout(TIMEOUT_MILLIS);
                try {
                    int status = connection.getResponseCode();
                    try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                        if (body != null) {
                            body.readAllBytes();
                        }
                    }
                    return status / 100 == 2;
                } finally {
                    connection.disconnect();
                }
            } catch (IOException e) {
                return false;
            }
        }
    }

    /** Redis answers PING with PONG. */
    record RedisPing(String address, int port) implements Probe {
        @Override
        public boolean healthy() {
            try (Socket socket = connect(address, port)) {
                socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                byte[] reply = socket.getInputStream().readNBytes(7);
                return "+PONG\r\n".equals(new String(reply, StandardCharsets.US_ASCII));
            } catch (IOException e) {
                return false;
            }
        }
    }

    /**
     * The broker answers an ApiVersions request (version 0, which every broker understands). It
     * accepts TCP connections before it serves requests, so an open port alone says little.
     */
    record KafkaApiVersions(String address, int port) implements Probe {
        private static final short API_VERSIONS = 18;
        private static final int CORRELATION_ID = 7;

        @Override
        public boolean healthy() {
            try (Socket socket = connect(address, port)) {
                byte[] clientId = "parley-cluster".getBytes(StandardCharsets.US_ASCII);
                var out = new DataOutputStream(socket.getOutputStream());
                out.writeInt(2 + 2 + 4 + 2 + clientId.length);
                out.writeShort(API_VERSIONS);
                out.writeShort(0);
                out.writeInt(CORRELATION_ID);
                out.writeShort(clientId.length);
                out.write(clientId);
                out.flush();
                var in = new DataInputStream(socket.getInputStream());
                int size = in.readInt();
                return size >= 6 && in.readInt() == CORRELATION_ID;
            } catch (IOException e) {
                return false;
            }
        }
    }

    /** PostgreSQL runs a query. */
    record PostgresQuery(String address, int port) implements Probe {
        @Override
        public boolean healthy() {
            Properties properties = new Properties();
            properties.setProperty("user", Postgres.SUPERUSER);
            properties.setProperty("connectTimeout", "2");
            properties.setProperty("socketTimeout", "2");
            properties.setProperty("loginTimeout", "2");
            try (Connection connection = DriverManager.getConnection(
                    "jdbc:postgresql://" + address + ":" + port + "/postgres", properties);
                    var statement = connection.createStatement();
                    var result = statement.executeQuery("select 1")) {
                return result.next();
            } catch (SQLException e) {
                return false;
            }
        }
    }

    private static Socket connect(String address, int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(address, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }
}
