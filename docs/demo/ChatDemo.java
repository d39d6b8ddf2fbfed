import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two people chat through Parley's API and WebSocket, 1:1 and in a group: sign up, become friends,
 * send, see it delivered and read, unsend, join a group by its group ID.
 *
 *   ./parley run                                   (in one terminal)
 *   java docs/demo/ChatDemo.java http://localhost:8080
 *
 * No dependencies: the JDK's HTTP and WebSocket clients, and a regex for the few JSON fields read.
 */
public class ChatDemo {
    static final HttpClient http = HttpClient.newHttpClient();
    static String base;

    public static void main(String[] args) throws Exception {
        base = args.length > 0 ? args[0] : "http://localhost:8080";
        String tag = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        Person ana = signUp("Ana", "ana_" + tag);
        Person bo = signUp("Bo", "bo_" + tag);

        String request = field(post("/api/friend-requests", ana, "{\"parleyId\":\"" + bo.parleyId + "\"}"), "id");
        post("/api/friend-requests/" + request + "/accept", bo, "");
        say("Ana added Bo by his Parley ID " + bo.parleyId + "; Bo accepted.");

        String chat = field(post("/api/conversations/direct", ana, "{\"userId\":\"" + bo.id + "\"}"), "id");
        Socket anaSocket = new Socket(ana);
        Socket boSocket = new Socket(bo);

        String ack = anaSocket.send("{\"type\":\"send\",\"id\":\"a1\",\"conversationId\":\"" + chat
                + "\",\"clientMessageId\":\"" + UUID.randomUUID() + "\",\"body\":\"Hi Bo! Lunch at 12?\"}", "\"type\":\"ack\"");
        String messageId = field(ack, "id", 1);
        say("Ana sent a message; the server acknowledged it after committing it: id " + messageId);
        say("Bo's phone got: " + boSocket.await("\"type\":\"message\""));

        boSocket.send("{\"type\":\"received\",\"conversationId\":\"" + chat + "\",\"messageId\":\"" + messageId + "\"}", null);
        say("Ana sees it delivered: " + anaSocket.await("\"type\":\"delivered\""));
        boSocket.send("{\"type\":\"read\",\"id\":\"b1\",\"conversationId\":\"" + chat + "\",\"messageId\":\"" + messageId + "\"}",
                "\"type\":\"ok\"");
        say("Ana sees it read: " + anaSocket.await("\"type\":\"read\""));

        anaSocket.send("{\"type\":\"unsend\",\"id\":\"a2\",\"conversationId\":\"" + chat + "\",\"messageId\":\"" + messageId + "\"}",
                "\"type\":\"ok\"");
        say("Ana unsent it; Bo's phone shows the placeholder: " + boSocket.await("\"type\":\"unsent\""));

        String group = post("/api/groups", ana, "{\"name\":\"Lunch club\"}");
        String groupChat = field(group, "id");
        String groupId = field(group, "groupId");
        say("Ana created \"Lunch club\"; its group ID is " + groupId);
        post("/api/groups/join", bo, "{\"groupId\":\"" + groupId + "\"}");
        say("Bo joined with the group ID.");
        anaSocket.send("{\"type\":\"send\",\"id\":\"a3\",\"conversationId\":\"" + groupChat
                + "\",\"clientMessageId\":\"" + UUID.randomUUID() + "\",\"body\":\"Welcome to the club\"}", "\"type\":\"ack\"");
        say("Bo got the group message: " + boSocket.await("Welcome to the club"));
        say("Bo's chat list: " + get("/api/conversations", bo));
        anaSocket.close();
        boSocket.close();
    }

    record Person(String id, String parleyId, String token) {
    }

    static Person signUp(String name, String parleyId) throws Exception {
        String body = "{\"email\":\"" + parleyId + "@example.com\",\"password\":\"demo password\",\"displayName\":\"" + name
                + "\",\"parleyId\":\"" + parleyId + "\"}";
        String tokens = call("POST", "/api/auth/local/sign-up", null, body);
        return new Person(field(tokens, "userId"), parleyId, field(tokens, "accessToken"));
    }

    static String post(String path, Person who, String body) throws Exception {
        return call("POST", path, who.token, body);
    }

    static String get(String path, Person who) throws Exception {
        return call("GET", path, who.token, null);
    }

    static String call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null || body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && !body.isEmpty()) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 400) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** One person's socket: every frame it receives goes into a queue. */
    static final class Socket implements WebSocket.Listener {
        final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        final StringBuilder partial = new StringBuilder();
        final WebSocket socket;

        Socket(Person who) {
            socket = http.newWebSocketBuilder()
                    .buildAsync(URI.create(base.replaceFirst("^http", "ws") + "/ws?access_token=" + who.token), this).join();
            await("\"type\":\"hello\"");
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        String send(String frame, String awaitedAnswer) {
            socket.sendText(frame, true).join();
            return awaitedAnswer == null ? null : await(awaitedAnswer);
        }

        String await(String containing) {
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (System.nanoTime() < deadline) {
                    String frame = frames.poll(100, TimeUnit.MILLISECONDS);
                    if (frame != null && frame.contains(containing)) {
                        return frame;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("No frame with " + containing);
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
    }

    static String field(String json, String name) {
        return field(json, name, 0);
    }

    /** The n-th (from 0) string value of a field in a JSON text. */
    static String field(String json, String name, int n) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        for (int i = 0; i <= n; i++) {
            if (!m.find()) {
                throw new IllegalStateException("No " + name + " in " + json);
            }
        }
        return m.group(1);
    }

    static void say(String line) {
        System.out.println("* " + line);
    }
}
