package io.parley;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ParleyApplication {
    /**
     * Tomcat gives every WebSocket an input buffer, an output buffer and a character buffer for
     * encoding, all sized by this property (8 KB, 8 KB and 16 KB by default). Chat frames are
     * small and larger ones simply take several passes, so 1 KB saves 28 KB per socket: most of
     * what an idle connection costs (docs/benchmarks.md, W1). Read once, before Tomcat starts.
     */
    static final String TOMCAT_WEBSOCKET_BUFFER = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

    public static void main(String[] args) {
        if (System.getProperty(TOMCAT_WEBSOCKET_BUFFER) == null) {
            System.setProperty(TOMCAT_WEBSOCKET_BUFFER, "1024");
        }
        SpringApplication.run(ParleyApplication.class, args);
    }
}
