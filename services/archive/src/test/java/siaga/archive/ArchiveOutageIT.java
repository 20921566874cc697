package siaga.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import siaga.contracts.Event;
import siaga.contracts.Json;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.ServiceHost;
import siaga.runtime.SiagaConfig;
import siaga.runtime.db.Database;
import siaga.testing.Await;
import siaga.testing.DemoUsers;
import siaga.testing.TestDatabase;
import siaga.testing.TestKafka;

/**
 * PostgreSQL going away under the archive, simulated for the archive alone: it reaches the shared server through
 * a {@link TcpProxy} that the test cuts (every connection closed, new ones refused) and restores. The archive
 * pauses, says so on /ready and with 503s, keeps its process and HTTP up, and afterwards has every event exactly once.
 */
class ArchiveOutageIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final HttpClient http = HttpClient.newHttpClient();
    static TestKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = TestKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void pausesDuringAnOutageAndResumesWithoutLosingOrDuplicatingARow() throws Exception {
        try (TestDatabase db = TestDatabase.create(); Fixture archive = new Fixture(db)) {
            archive.start();
            Await.until("the archive ready", WAIT, () -> archive.service.health().ready());
            List<Event<?>> stream = new ArrayList<>();
            Instant start = Instant.parse("2026-03-02T01:00:00Z");
            for (int i = 0; i < 300; i++) {
                ComplaintStory story = ComplaintStory.aStreetLightOut("MDN-2026-%06d".formatted(700 + i), start.plusSeconds(i));
                stream.addAll(story.lifecycle());
            }
            Set<UUID> produced = new HashSet<>();
            stream.forEach(e -> produced.add(e.eventId()));

            try (EventSender sender = new EventSender(archive.config)) {
                // about 1000 events a second, so that the cut falls among batches being written
                CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> {
                    for (int from = 0; from < stream.size(); from += 50) {
                        sender.send(stream.subList(from, Math.min(stream.size(), from + 50)));
                        sleep(50);
                    }
                });
                Await.until("some events archived", WAIT, () -> archivedEvents(db) > 0);
                archive.proxy.cut();

                String detail = Await.until("the archive reports the outage", WAIT, () -> {
                    var health = archive.service.health();
                    return health.ready() ? null : health.detail();
                });
                assertThat(detail).startsWith("retrying after a failure: ");
                long duringOutage = archivedEvents(db);
                HttpResponse<String> search = archive.get("/api/complaints");
                assertThat(search.statusCode()).isEqualTo(503);
                assertThat(Json.MAPPER.readTree(search.body()).get("detail").asText())
                        .isEqualTo("the archive database does not answer; try again shortly");
                HttpResponse<String> health = archive.get("/health");
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(Json.MAPPER.readTree(health.body()).at("/services/archive/ready").asBoolean()).isFalse();
                assertThat(archivedEvents(db)).as("nothing archived while PostgreSQL is away").isEqualTo(duringOutage);
                producing.get(60, TimeUnit.SECONDS);
                assertThat(archivedEvents(db)).isEqualTo(duringOutage).isLessThan(stream.size());

                archive.proxy.restore();
                Await.until("every event archived", WAIT, () -> sender.allArchived(db));
            }
            Await.until("the archive ready again", WAIT, () -> archive.service.health().ready());
            Await.until("stored offsets at the end of every partition", WAIT,
                    () -> ArchiveTables.storedOffsets(db).equals(ArchiveTables.endOffsets(kafka.bootstrapServers())));
            // the broker is the class's: the other test's events are on it too, and this archive read them as well
            long onKafka = ArchiveTables.endOffsets(kafka.bootstrapServers()).values().stream().mapToLong(Long::longValue).sum();
            assertThat(archivedEvents(db)).isEqualTo(onKafka);
            assertThat(ArchiveTables.count(db, "select count(*) from event_ids")).isEqualTo(onKafka);
            Set<UUID> archived = new HashSet<>();
            ArchiveTables.rows(db, "select event_id from events").forEach(row -> archived.add((UUID) row.get("event_id")));
            assertThat(archived).hasSize((int) onKafka).containsAll(produced);
            assertThat(ArchiveTables.rows(db, "select status, count(*) as complaints from complaint_state"
                    + " where ticket between 'MDN-2026-000700' and 'MDN-2026-000999' group by status"))
                    .containsExactly(Map.of("status", "resolved", "complaints", 300L));
            JsonNode page = Json.MAPPER.readTree(archive.get("/api/complaints?limit=1&to=2026-03-02").body());
            assertThat(page.at("/items/0/ticket").asText()).isEqualTo("MDN-2026-000999");
        }
    }

    @Test
    void startedDuringAnOutageItWaitsForTheDatabaseInsteadOfFailing() throws Exception {
        try (TestDatabase db = TestDatabase.create(); Fixture archive = new Fixture(db)) {
            archive.proxy.cut();
            archive.start();

            String detail = Await.until("the archive reports waiting", WAIT, () -> {
                var health = archive.service.health();
                return health.detail().startsWith("preparing the database, retrying") ? health.detail() : null;
            });
            assertThat(detail).startsWith("preparing the database, retrying after a failure: ");
            assertThat(archive.get("/ready").statusCode()).isEqualTo(503);
            assertThat(ArchiveTables.count(db, "select count(*) from information_schema.tables where table_schema = ?",
                    db.schema())).isZero();

            archive.proxy.restore();
            Await.until("the archive ready", WAIT, () -> archive.service.health().ready());
            ComplaintStory story = ComplaintStory.aStreetLightOut("MDN-2026-000690", Instant.parse("2026-03-03T01:00:00Z"));
            try (EventSender sender = new EventSender(archive.config)) {
                sender.send(story.lifecycle());
                Await.until("the story archived", WAIT, () -> sender.allArchived(db));
            }
            assertThat(ArchiveTables.rows(db, "select ticket, status from complaint_state"))
                    .containsExactly(Map.of("ticket", "MDN-2026-000690", "status", "resolved"));
        }
    }

    private static long archivedEvents(TestDatabase db) {
        return ArchiveTables.count(db, "select count(*) from events");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An archive of its own (schema, consumer group) that reaches PostgreSQL through a proxy. */
    private static final class Fixture implements AutoCloseable {
        final TcpProxy proxy;
        final SiagaConfig config;
        final ArchiveService service;
        final ServiceHost host;
        int port;
        DemoUsers users;

        Fixture(TestDatabase db) throws Exception {
            SiagaConfig direct = db.applyTo(kafka.config());
            URI server = URI.create(Database.url(direct).substring("jdbc:".length()));
            proxy = new TcpProxy(server.getHost(), server.getPort() < 0 ? 5432 : server.getPort());
            config = direct.with(SiagaConfig.DB_URL, "jdbc:postgresql://127.0.0.1:" + proxy.port() + server.getRawPath()
                            + (server.getRawQuery() == null ? "" : "?" + server.getRawQuery()))
                    .with(ArchiveConfig.RETRY_BACKOFF, "PT0.1S")
                    .with(ArchiveConfig.RETRY_BACKOFF_MAX, "PT1S");
            service = new ArchiveService(config, ReferenceCatalog.demo(), Clock.systemUTC());
            host = new ServiceHost(config, ReferenceCatalog.demo(), Clock.systemUTC(), List.of(service));
        }

        void start() {
            port = host.start(0);
            users = new DemoUsers(URI.create("http://localhost:" + port));
        }

        HttpResponse<String> get(String path) throws Exception {
            return http.send(users.as(DemoUsers.MANAGER, HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() throws Exception {
            proxy.restore();
            host.close();
            proxy.close();
        }
    }
}
