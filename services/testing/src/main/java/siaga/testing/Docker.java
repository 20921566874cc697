package siaga.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;

/**
 * Whether tests run their Kafka and PostgreSQL in containers (Testcontainers) or fall back to the embedded broker
 * and the configured PostgreSQL. Containers are used where a Docker engine answers, unless
 * {@code SIAGA_TESTCONTAINERS=false}; the cheap checks come first so that a machine without Docker does not pay
 * for Testcontainers' probing in every test class.
 */
final class Docker {
    private static Boolean available;

    private Docker() {
    }

    static synchronized boolean available() {
        if (available == null) {
            available = !"false".equalsIgnoreCase(System.getenv("SIAGA_TESTCONTAINERS"))
                    && (System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock")))
                    && DockerClientFactory.instance().isDockerAvailable();
        }
        return available;
    }
}
