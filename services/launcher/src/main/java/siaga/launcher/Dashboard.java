package siaga.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import siaga.runtime.access.RouteTable;
import siaga.runtime.access.Roles;

/**
 * The demo's one page: live SLA figures per category and stage, polling the SLA monitor's summary. The page itself
 * is public and holds no data; it signs in (the session cookie) before it asks for figures.
 */
final class Dashboard {
    private static final String RESOURCE = "siaga/launcher/dashboard.html";

    private Dashboard() {
    }

    static void register(RouteTable routes) {
        String html = load();
        routes.get("/", Roles.PUBLIC, ctx -> ctx.html(html));
    }

    private static String load() {
        try (InputStream in = Dashboard.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no " + RESOURCE + " on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
