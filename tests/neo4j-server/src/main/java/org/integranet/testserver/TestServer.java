package org.integranet.testserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * Starts a throw-away Neo4j for IntegraNet's tests.
 *
 * <p>Bolt listens on 127.0.0.1 at NEO4J_PORT (default 7687), without authentication; the data lives in a
 * fresh temporary folder that is deleted on shutdown. SIGTERM (or Ctrl-C) stops the server cleanly through
 * a JVM shutdown hook. The line "NEO4J READY bolt://127.0.0.1:PORT" is printed once Bolt accepts
 * connections.
 */
public final class TestServer {

    private TestServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(envOr("NEO4J_PORT", "7687"));
        String host = envOr("NEO4J_HOST", "127.0.0.1");
        long pageCache = Long.parseLong(envOr("NEO4J_PAGECACHE_BYTES", String.valueOf(256L * 1024 * 1024)));
        Path home = Files.createTempDirectory("integranet-neo4j-");

        DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                // The default page cache takes half the machine's memory; tests need little.
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("NEO4J STOPPING");
            try {
                service.shutdown();
            } finally {
                deleteQuietly(home);
                stopped.countDown();
            }
            System.out.println("NEO4J STOPPED");
        }, "neo4j-shutdown"));

        // Touch the default database so that the first test does not pay for its start.
        service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");
        System.out.println("NEO4J READY bolt://" + host + ":" + port);
        System.out.flush();
        stopped.await();
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // A leftover temporary file is harmless; the OS cleans the temp folder.
                }
            });
        } catch (IOException ignored) {
            // Same as above.
        }
    }
}
