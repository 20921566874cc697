package siaga.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import siaga.runtime.SiagaConfig;
import siaga.runtime.access.AccessConfig;

/**
 * Several instances of one deployment in one test: each needs its own Streams state, an HTTP port known before it
 * starts (its advertised address, by which the others forward queries to it), and the session secret they all
 * share, so that a token one signs is accepted by the others.
 */
public final class Instances {
    private static final String SHARED_SESSION_SECRET = "test-instances-shared-session-secret-0123456789";

    private Instances() {
    }

    /** A port free now, for a server started right after. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code shared} settings made those of the instance serving HTTP on {@code port} of localhost. */
    public static SiagaConfig own(SiagaConfig shared, int port) {
        try {
            return shared.with(SiagaConfig.STATE_DIR, Files.createTempDirectory("siaga-instance-" + port + "-").toString())
                    .with(SiagaConfig.ADVERTISED_ADDRESS, "localhost:" + port)
                    .with(AccessConfig.SESSION_SECRET, SHARED_SESSION_SECRET);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
