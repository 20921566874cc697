package siaga.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.postgresql.PGConnection;
import siaga.archive.complaint.ComplaintState;
import siaga.contracts.Event;
import siaga.contracts.EventCodec;
import siaga.contracts.Json;
import siaga.contracts.events.SlaStage;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.runtime.ServiceHost;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.KafkaSettings;
import siaga.testing.DemoUsers;
import siaga.testing.TestDatabase;
import siaga.testing.TestKafka;

/**
 * The archive's benchmark, run by hand, not by the build (services/archive/README.md, "Benchmark"):
 * <ol>
 *   <li>writes {@code complaints} complaints of Kota Madiun (default 100 000; about six events each: their
 *       lifecycle and the SLA monitor's verdicts), about 1 700 a day from 1 February 2026, to an embedded broker;</li>
 *   <li>starts the archive and times it draining that backlog into PostgreSQL: sustained events per second, from
 *       the moment it is ready to the moment every offset is stored;</li>
 *   <li>copies the same rows out of {@code events} and times {@code COPY ... FROM STDIN} of them into a table laid
 *       out as {@code events} is (same monthly partitions, same index): the ceiling the archive is compared with;</li>
 *   <li>lag: with the archive caught up, writes complaints at the city simulator's highest rate (system property
 *       {@code lagComplaintsPerMinute}, default 6000, each complaint's events at once) for {@code lagSeconds}
 *       (default 60) and reads, from the archive's own histogram, the time from each record's Kafka timestamp to
 *       the commit of the batch that stored it;</li>
 *   <li>search at scale: fills {@code complaint_state} up to {@code searchComplaints} rows (default 1 000 000)
 *       <em>without</em> the archive: the further complaints' lifecycles are folded by {@link ComplaintState}, as
 *       the archive folds them, and their rows written with one {@code COPY}; analyzes, as autovacuum would
 *       after a bulk load; then times {@code searches} searches over HTTP (default 2000, after 200 to warm up),
 *       each filter of issue 8 and a third of them reading on by cursor, with p50/p90/p99 per kind, and 20
 *       reports per department per day over 30 days.</li>
 * </ol>
 * Uses the local PostgreSQL (a schema of its own, dropped at the end) as the integration tests do. The system
 * property {@code maxPollRecords} sets {@code SIAGA_ARCHIVE_MAX_POLL_RECORDS} (default: the archive's).
 * {@code -DlagSeconds=0} skips the lag, 0 searches the searches: what is left compares the archive with COPY.
 */
public final class ArchiveBenchmark {
    private static final Instant START = Instant.parse("2026-02-01T00:00:00Z");
    // 100 000 complaints in 59 days, about 1 700 a day, whatever the number of complaints
    private static final Duration PER_COMPLAINT = Duration.ofDays(59).dividedBy(100_000);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String STATE_COLUMNS = "complaint_id, ticket, jurisdiction, category, department, district,"
            + " priority, status, crew_id, reporter_phone, reported_at, queued_at, dispatched_at, acknowledged_at,"
            + " en_route_at, on_scene_at, resolved_at, closed_at, cancelled_at, cancel_reason, merged_at, merged_into,"
            + " split_at, declined_at, declines, cannot_fix_at, taken_up_at, escalations, supervisor_alerted_at, notes,"
            + " updated_at, last_event_id";
    private static final Pattern NEEDS_QUOTING = Pattern.compile("[,\"\r\n]");

    private ArchiveBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int complaints = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int searches = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int searchComplaints = Integer.getInteger("searchComplaints", 1_000_000);
        int lagSeconds = Integer.getInteger("lagSeconds", 60);
        int lagComplaintsPerMinute = Integer.getInteger("lagComplaintsPerMinute", 6_000);
        ReferenceData madiun = ReferenceData.demo();
        try (TestKafka kafka = TestKafka.start(); TestDatabase db = TestDatabase.create()) {
            SiagaConfig config = db.applyTo(kafka.config());
            if (System.getProperty("maxPollRecords") != null) {
                config = config.with(ArchiveConfig.MAX_POLL_RECORDS, System.getProperty("maxPollRecords"));
            }
            long produceStart = System.nanoTime();
            long events = produce(config, madiun, complaints);
            System.out.printf("produced %d events of %d complaints in %.1f s%n", events, complaints, seconds(produceStart));

            ArchiveService archive = new ArchiveService(config, ReferenceCatalog.demo(), Clock.systemUTC());
            ServiceHost host = new ServiceHost(config, ReferenceCatalog.demo(), Clock.systemUTC(), List.of(archive));
            try {
                int port = host.start(0);
                while (!archive.health().ready()) {
                    Thread.sleep(50);
                }
                long drainStart = System.nanoTime();
                while (storedRecords(db) < events) {
                    Thread.sleep(100);
                }
                double drainSeconds = seconds(drainStart);
                double archiveRate = events / drainSeconds;
                System.out.printf("archive: %d events in %.1f s = %.0f events/s%n", events, drainSeconds, archiveRate);

                double copyRate = copyRate(db, events);
                System.out.printf("COPY of the same rows: %.0f events/s; archive / COPY = %.2f%n", copyRate, archiveRate / copyRate);

                int lagComplaints = lagComplaintsPerMinute * lagSeconds / 60;
                if (lagComplaints > 0) {
                    lag(config, archive, db, madiun, complaints, lagComplaints, lagComplaintsPerMinute, events);
                }
                if (searches == 0) {
                    return;
                }

                int archived = complaints + lagComplaints;
                long generateStart = System.nanoTime();
                fillComplaintStates(db, madiun, archived, searchComplaints);
                System.out.printf("complaint_state filled by COPY from %d to %d rows in %.1f s%n", archived,
                        searchComplaints, seconds(generateStart));
                // the statistics autovacuum gathers a while after a bulk load; the searches' plans depend on them
                db.execute("analyze " + db.schema() + ".complaint_state");
                db.execute("analyze " + db.schema() + ".sla_outcomes");
                searchLatency(port, madiun, Math.max(archived, searchComplaints), searches);
            } finally {
                host.close();
            }
        }
    }

    private static long produce(SiagaConfig config, ReferenceData madiun, int complaints) throws Exception {
        Properties props = KafkaSettings.producer(config, "archive-benchmark");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        long count = 0;
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < complaints; i++) {
                for (Event<?> event : lifecycle(madiun, i).events()) {
                    producer.send(new ProducerRecord<>(EventSender.topicOf(event), event.subjectId(), EventCodec.encode(event)),
                            (metadata, e) -> {
                                if (e != null) {
                                    failure.compareAndSet(null, e);
                                }
                            });
                    count++;
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return count;
    }

    private record Lifecycle(Complaint complaint, List<Event<?>> events) {
    }

    /** Complaint {@code i}: 5% only reported, 5% queued, 10% dispatched, 5% acknowledged, the rest resolved. */
    private static Lifecycle lifecycle(ReferenceData madiun, int i) {
        ReferenceData.Category category = madiun.categories().get(i % madiun.categories().size());
        List<ReferenceData.Crew> crews = madiun.crews().stream().filter(c -> c.department().equals(category.department())).toList();
        String crew = crews.get(i % crews.size()).id();
        Instant at = reportedAt(i);
        Complaint complaint = Complaint.reported(ticket(i), category.code(), category.department(),
                madiun.districts().get(i % madiun.districts().size()).id(), phone(i), at);
        List<Event<?>> events = new ArrayList<>();
        events.add(complaint.reported());
        int kind = i % 20;
        if (kind == 0) {
            return new Lifecycle(complaint, events);
        }
        if (kind == 1) {
            events.add(complaint.queued(at.plusSeconds(5)));
            return new Lifecycle(complaint, events);
        }
        Instant dispatched = at.plusSeconds(60 + i % 600);
        events.add(complaint.dispatched(crew, dispatched));
        events.add(complaint.met(SlaStage.DISPATCH, dispatched, category.sla().dispatch()));
        if (kind <= 3) {
            return new Lifecycle(complaint, events);
        }
        Instant acknowledged = dispatched.plusSeconds(120 + i % 900);
        events.add(complaint.acknowledged(crew, acknowledged));
        events.add(complaint.met(SlaStage.ACKNOWLEDGE, acknowledged, category.sla().acknowledge()));
        if (kind == 4) {
            return new Lifecycle(complaint, events);
        }
        Instant resolved = acknowledged.plusSeconds(1800 + i % 7200);
        events.add(complaint.resolved(crew, resolved));
        events.add(complaint.met(SlaStage.RESOLVE, resolved, category.sla().resolve()));
        return new Lifecycle(complaint, events);
    }

    private static Instant reportedAt(int i) {
        return START.plus(PER_COMPLAINT.multipliedBy(i));
    }

    private static String ticket(int i) {
        return "MDN-2026-%06d".formatted(i);
    }

    private static String phone(int i) {
        return "0812%08d".formatted(i);
    }

    private static long storedRecords(TestDatabase db) {
        return ArchiveTables.count(db, "select coalesce(sum(next_offset), 0) from consumer_offsets");
    }

    /** COPY OUT of every events row to a file, then the time of COPY IN of that file into a copy of the layout. */
    private static double copyRate(TestDatabase db, long events) throws SQLException, IOException {
        Path file = Files.createTempFile("archive-benchmark-", ".csv");
        String columns = "event_id, type, schema_version, occurred_at, jurisdiction, subject_id, complaint_id, crew_id,"
                + " actor_role, actor_id, correlation_id, topic, partition, \"offset\", payload, archived_at";
        try (Connection c = db.connect()) {
            try (OutputStream out = Files.newOutputStream(file)) {
                c.unwrap(PGConnection.class).getCopyAPI().copyOut("copy (select " + columns + " from events) to stdout with (format csv)", out);
            }
            try (Statement s = c.createStatement()) {
                s.execute("create table events_copy (like events) partition by range (occurred_at)");
                List<String[]> partitions = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("select c.relname, pg_get_expr(c.relpartbound, c.oid) from pg_inherits i"
                        + " join pg_class c on c.oid = i.inhrelid where i.inhparent = 'events'::regclass")) {
                    while (rs.next()) {
                        partitions.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
                for (String[] partition : partitions) {
                    s.execute("create table copy_" + partition[0] + " partition of events_copy " + partition[1]);
                }
                s.execute("create index on events_copy (complaint_id, occurred_at) where complaint_id is not null");
            }
            long start = System.nanoTime();
            try (InputStream in = Files.newInputStream(file)) {
                long copied = c.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("copy events_copy (" + columns + ") from stdin with (format csv)", in);
                if (copied != events) {
                    throw new IllegalStateException("copied " + copied + " rows, expected " + events);
                }
            }
            double rate = events / seconds(start);
            try (Statement s = c.createStatement()) {
                s.execute("drop table events_copy");
            }
            return rate;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Writes {@code count} complaints from {@code first} on at {@code perMinute}, each complaint's events at once,
     * waits until every record is stored, and prints the lag the archive measured for those records.
     */
    private static void lag(SiagaConfig config, ArchiveService archive, TestDatabase db, ReferenceData madiun,
                            int first, int count, int perMinute, long storedBefore) throws Exception {
        Histogram before = archive.lag().sinceStart();
        long sent = 0;
        long intervalNanos = Duration.ofMinutes(1).toNanos() / perMinute;
        Properties props = KafkaSettings.producer(config, "archive-benchmark-lag");
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < count; i++) {
                long wait = start + i * intervalNanos - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                for (Event<?> event : lifecycle(madiun, first + i).events()) {
                    producer.send(new ProducerRecord<>(EventSender.topicOf(event), event.subjectId(), EventCodec.encode(event)),
                            (metadata, e) -> {
                                if (e != null) {
                                    failure.compareAndSet(null, e);
                                }
                            });
                    sent++;
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        double sendSeconds = seconds(start);
        while (storedRecords(db) < storedBefore + sent) {
            Thread.sleep(100);
        }
        // the writer records a batch's lags right after its commit, as the benchmark may already see its offsets
        Thread.sleep(500);
        Histogram lag = archive.lag().sinceStart();
        lag.subtract(before);
        System.out.printf("lag from Kafka to PostgreSQL, %d events (%d complaints at %d a minute, %.0f events/s over"
                        + " %.1f s): p50 %d ms  p90 %d ms  p99 %d ms  max %d ms (%d measured)%n",
                sent, count, perMinute, sent / sendSeconds, sendSeconds, lag.getValueAtPercentile(50),
                lag.getValueAtPercentile(90), lag.getValueAtPercentile(99), lag.getMaxValue(), lag.getTotalCount());
    }

    /**
     * Adds the complaint states of complaints {@code from} to {@code to} (exclusive) straight to
     * {@code complaint_state}, with one COPY: each the fold of its lifecycle by {@link ComplaintState}, the row
     * the archive would have written for it. Nothing else is written: search reads only this table.
     */
    private static void fillComplaintStates(TestDatabase db, ReferenceData madiun, int from, int to)
            throws SQLException, IOException {
        if (to <= from) {
            return;
        }
        Path file = Files.createTempFile("archive-benchmark-states-", ".csv");
        try {
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (int i = from; i < to; i++) {
                    Lifecycle lifecycle = lifecycle(madiun, i);
                    ComplaintState state = ComplaintState.initial(lifecycle.complaint().id());
                    for (Event<?> event : lifecycle.events()) {
                        state = state.evolve(event);
                    }
                    out.write(csv(state));
                }
            }
            try (Connection c = db.connect(); Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy complaint_state (" + STATE_COLUMNS
                        + ") from stdin with (format csv)", in);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    // the generated rows hold no commas, quotes or line breaks, so no field needs quoting; null is an empty field
    private static String csv(ComplaintState s) {
        List<Object> fields = Arrays.asList(s.complaintId(), s.ticket(), s.jurisdiction(), s.category(), s.department(),
                s.district(), s.priority(), s.status().wireName(), s.crewId(), s.reporterPhone(), s.reportedAt(),
                s.queuedAt(), s.dispatchedAt(), s.acknowledgedAt(), s.enRouteAt(), s.onSceneAt(), s.resolvedAt(),
                s.closedAt(), s.cancelledAt(), s.cancelReason(), s.mergedAt(), s.mergedInto(), s.splitAt(),
                s.declinedAt(), s.declines(), s.cannotFixAt(), s.takenUpAt(), s.escalations(), s.supervisorAlertedAt(),
                s.notes(), s.updatedAt(), s.lastEventId());
        StringBuilder line = new StringBuilder(400);
        for (int i = 0; i < fields.size(); i++) {
            Object field = fields.get(i);
            String text = field == null ? "" : field.toString();
            if (NEEDS_QUOTING.matcher(text).find()) {
                throw new IllegalStateException("field " + i + " needs quoting: " + text);
            }
            line.append(i == 0 ? "" : ",").append(text);
        }
        return line.append('\n').toString();
    }

    private record SearchKind(String label, Function<Random, String> path) {
    }

    private static void searchLatency(int port, ReferenceData madiun, int complaints, int searches) throws Exception {
        // signed in once before the clock starts: bcrypt is not what this measures
        String token = new DemoUsers(URI.create("http://localhost:" + port)).token(DemoUsers.MANAGER);
        LocalDate firstDay = LocalDate.ofInstant(START, ZoneId.of("Asia/Jakarta"));
        int days = (int) Duration.between(START, reportedAt(complaints)).toDays();
        Function<Random, String> department = r -> madiun.departments().get(r.nextInt(madiun.departments().size())).code();
        Function<Random, String> category = r -> madiun.categories().get(r.nextInt(madiun.categories().size())).code();
        Function<Random, String> kecamatan = r -> madiun.districts().get(r.nextInt(madiun.districts().size())).id();
        Function<Random, String> crew = r -> madiun.crews().get(r.nextInt(madiun.crews().size())).id();
        Function<Random, LocalDate> day = r -> firstDay.plusDays(r.nextInt(days));
        List<String> statuses = List.of("reported", "queued", "dispatched", "acknowledged", "resolved");
        Function<Random, String> status = r -> statuses.get(r.nextInt(statuses.size()));
        List<SearchKind> kinds = List.of(
                new SearchKind("newest first", r -> "/api/complaints"),
                new SearchKind("oldest first", r -> "/api/complaints?sort=reportedAt"),
                new SearchKind("by ticket", r -> "/api/complaints?ticket=" + ticket(r.nextInt(complaints))),
                new SearchKind("by phone", r -> "/api/complaints?phone="
                        + URLEncoder.encode(phone(r.nextInt(complaints)), StandardCharsets.UTF_8)),
                new SearchKind("by status", r -> "/api/complaints?status=" + status.apply(r)),
                new SearchKind("by category", r -> "/api/complaints?category=" + category.apply(r)),
                new SearchKind("by department", r -> "/api/complaints?department=" + department.apply(r)),
                new SearchKind("by kecamatan", r -> "/api/complaints?kecamatan=" + kecamatan.apply(r)),
                new SearchKind("by crew", r -> "/api/complaints?crew=" + crew.apply(r)),
                new SearchKind("by time range (a week)", r -> {
                    LocalDate from = day.apply(r);
                    return "/api/complaints?from=" + from + "&to=" + from.plusDays(7);
                }),
                new SearchKind("by category and day", r -> {
                    LocalDate on = day.apply(r);
                    return "/api/complaints?category=" + category.apply(r) + "&from=" + on + "&to=" + on;
                }),
                new SearchKind("by crew and status, oldest first", r -> "/api/complaints?crew=" + crew.apply(r)
                        + "&status=resolved&sort=reportedAt"),
                new SearchKind("by kecamatan and open statuses", r -> "/api/complaints?kecamatan=" + kecamatan.apply(r)
                        + "&status=reported,queued,dispatched,acknowledged"),
                new SearchKind("by department, status and month", r -> {
                    LocalDate from = day.apply(r);
                    return "/api/complaints?department=" + department.apply(r) + "&status=" + status.apply(r)
                            + "&from=" + from + "&to=" + from.plusDays(30);
                }));
        Random random = new Random(42);
        Map<String, List<Long>> byKind = new TreeMap<>();
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < searches + 200; i++) {
            boolean counted = i >= 200;
            SearchKind kind = kinds.get(random.nextInt(kinds.size()));
            String path = kind.path().apply(random);
            String cursor = null;
            // a third of the searches read on through five more pages
            int pages = random.nextInt(3) == 0 ? 6 : 1;
            for (int page = 0; page < pages; page++) {
                String url = path + (cursor == null ? "" : (path.contains("?") ? "&" : "?") + "cursor=" + cursor);
                long start = System.nanoTime();
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + url))
                        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
                long nanos = System.nanoTime() - start;
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
                }
                if (counted) {
                    all.add(nanos);
                    byKind.computeIfAbsent(page == 0 ? kind.label() : "next page by cursor", k -> new ArrayList<>()).add(nanos);
                }
                String next = Json.MAPPER.readTree(response.body()).path("nextCursor").asText(null);
                if (next == null || next.equals("null")) {
                    break;
                }
                cursor = next;
            }
        }
        System.out.printf("search over %d complaints, %d requests: %s%n", complaints, all.size(), percentiles(all));
        byKind.forEach((kind, nanos) -> System.out.printf("  %-34s %5d requests: %s%n", kind, nanos.size(), percentiles(nanos)));

        List<Long> reports = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/api/reports/department?period=day&from=2026-02-01&to=2026-03-02"))
                    .header("Authorization", "Bearer " + token).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("report answered " + response.statusCode() + ": " + response.body());
            }
            reports.add(System.nanoTime() - start);
        }
        System.out.printf("report per department per day over 30 days, 20 requests: %s%n", percentiles(reports));
    }

    private static String percentiles(List<Long> nanos) {
        List<Long> sorted = nanos.stream().sorted().toList();
        Map<String, Double> figures = new LinkedHashMap<>();
        for (int p : new int[] {50, 90, 99}) {
            figures.put("p" + p, sorted.get((int) Math.ceil(p / 100.0 * sorted.size()) - 1) / 1e6);
        }
        figures.put("max", sorted.get(sorted.size() - 1) / 1e6);
        StringBuilder text = new StringBuilder();
        figures.forEach((name, millis) -> text.append(name).append(' ').append("%.1f".formatted(millis)).append(" ms  "));
        return text.toString().trim();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
