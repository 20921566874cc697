package siaga.launcher;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import siaga.broker.EmbeddedKafka;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.launcher.simulator.CitySimulator;
import siaga.runtime.ReferenceConfig;
import siaga.runtime.Service;
import siaga.runtime.ServiceHost;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.KafkaSettings;
import siaga.runtime.kafka.TopicProvisioner;

/** The {@code siaga} command: {@code demo} runs everything on this machine, {@code run} chosen services against a cluster. */
@Command(name = "siaga", mixinStandardHelpOptions = true,
        description = "Siaga: complaint handling for municipal field services.",
        subcommands = {LauncherMain.Demo.class, LauncherMain.Run.class, ArchiveCommand.class, SlaCommand.class})
public final class LauncherMain implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(LauncherMain.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = new CommandLine(new LauncherMain()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Start an embedded Kafka broker, every service in this process and a simulated city.")
    static final class Demo implements Callable<Integer> {
        @Option(names = "--data-dir", description = "Where the broker, Streams state and embedded database keep data (default: ${DEFAULT-VALUE}).",
                defaultValue = ".siaga/demo")
        Path dataDir;

        @Option(names = "--http-port", description = "HTTP port of every service (default: SIAGA_HTTP_PORT or 8080).")
        Integer httpPort;

        @Option(names = "--kafka-port", description = "Port of the embedded broker; 0 picks a free one (default: ${DEFAULT-VALUE}, or a free one if taken).",
                defaultValue = "9092")
        int kafkaPort;

        @Option(names = "--no-simulator", description = "Do not start the simulated city.")
        boolean noSimulator;

        @Option(names = "--services", split = ",", paramLabel = "SERVICE",
                description = "Only these services, comma-separated (default: all), e.g. intake alone for a benchmark.")
        List<String> only;

        @Option(names = "--complaints-per-minute", description = "Simulator load (default: ${DEFAULT-VALUE}).", defaultValue = "30")
        int complaintsPerMinute;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec demoSpec;

        @Override
        public Integer call() throws Exception {
            long startedNanos = System.nanoTime();
            if (only != null && !ServiceCatalog.names().containsAll(only)) {
                throw new CommandLine.ParameterException(demoSpec.commandLine(),
                        "--services names " + only + "; known services: " + ServiceCatalog.names());
            }
            SiagaConfig env = SiagaConfig.fromEnvironment();
            int port = httpPort != null ? httpPort : env.httpPort();
            ReferenceCatalog reference = ReferenceConfig.load(env);
            EmbeddedKafka broker = new EmbeddedKafka(dataDir.resolve("kafka"), portOrFree(kafkaPort)).start();
            SiagaConfig config = env.with(SiagaConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers())
                    .with(SiagaConfig.STATE_DIR, dataDir.resolve("state").toString());
            provision(config);
            ReferencePublisher.publish(config, reference);

            Optional<DemoDatabase> database = DemoDatabase.find(config, dataDir.resolve("postgres"));
            List<String> names = new ArrayList<>(ServiceCatalog.names());
            if (only != null) {
                names.retainAll(only);
            }
            if (database.isPresent()) {
                config = database.get().config();
            } else {
                names.removeAll(List.of("archive", "intake"));
                log.warn("running without PostgreSQL: {} only (intake needs it for ticket numbers, the archive for the record)", names);
            }
            List<Service> services = ServiceCatalog.create(names, config, reference, Clock.systemUTC());
            ServiceHost host = demoHost(config, reference, services);
            int bound = host.start(port);
            CitySimulator simulator = noSimulator || !names.contains("intake") ? null
                    : new CitySimulator(java.net.URI.create("http://127.0.0.1:" + bound), reference.primary(),
                    complaintsPerMinute, Clock.systemUTC(), startedNanos);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                log.info("stopping Siaga");
                if (simulator != null) {
                    simulator.stop();
                }
                host.close();
                database.ifPresent(DemoDatabase::close);
                broker.close();
                stopped.countDown();
            }, "siaga-shutdown"));

            printBanner(bound, broker.bootstrapServers(), names);
            awaitReady(host, Duration.ofMinutes(3));
            log.info("ready in {} ms", (System.nanoTime() - startedNanos) / 1_000_000);
            if (simulator != null) {
                simulator.start();
            }
            stopped.await();
            return 0;
        }

        private static int portOrFree(int wanted) {
            if (wanted == 0) {
                return 0;
            }
            try (java.net.ServerSocket probe = new java.net.ServerSocket(wanted)) {
                return wanted;
            } catch (java.io.IOException e) {
                log.warn("port {} is taken; the embedded broker takes a free one", wanted);
                return 0;
            }
        }

        private static void printBanner(int port, String bootstrap, List<String> services) {
            String base = "http://localhost:" + port;
            System.out.println();
            System.out.println("Siaga demo: " + String.join(", ", services) + " on " + base + ", Kafka at " + bootstrap);
            System.out.println("  dashboard      " + base + "/");
            System.out.println("  ready          " + base + "/ready");
            System.out.println("  SLA summary    " + base + "/api/sla/summary?window=1h");
            System.out.println("  a complaint    " + base + "/api/complaints/{id}   timeline: " + base + "/api/complaints/{id}/timeline");
            System.out.println("  sign in        curl -s -X POST " + base + "/api/session -d '{\"user\":\"op-sri\",\"password\":\"siaga-demo-operator\"}'");
            System.out.println("  file one       curl -X POST " + base + "/api/complaints -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' -d @infra/demo/complaint.json");
            System.out.println("  track it       " + base + "/track/{ticket}     Open311: " + base + "/open311/v2/services.json");
            System.out.println("Ctrl-C stops everything.");
            System.out.println();
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run chosen services in this process against an existing Kafka cluster and PostgreSQL.")
    static final class Run implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "SERVICES",
                description = "Comma-separated: archive, sla-monitor, dispatcher, field-crew, intake, or all.")
        String serviceList;

        @Option(names = "--bootstrap", description = "Kafka bootstrap servers (default: SIAGA_BOOTSTRAP_SERVERS or localhost:9092).")
        String bootstrap;

        @Option(names = "--db", description = "PostgreSQL JDBC URL (default: SIAGA_DB_URL or jdbc:postgresql://127.0.0.1:5432/postgres).")
        String db;

        @Option(names = "--http-port", description = "HTTP port (default: SIAGA_HTTP_PORT or 8080).")
        Integer httpPort;

        @Override
        public Integer call() throws Exception {
            SiagaConfig config = SiagaConfig.fromEnvironment();
            if (bootstrap != null) {
                config = config.with(SiagaConfig.BOOTSTRAP_SERVERS, bootstrap);
            }
            if (db != null) {
                config = config.with(SiagaConfig.DB_URL, db);
            }
            if (httpPort != null) {
                config = config.with(SiagaConfig.HTTP_PORT, httpPort.toString());
            }
            List<String> names = serviceList.equals("all") ? ServiceCatalog.names()
                    : Arrays.stream(serviceList.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            ReferenceCatalog reference = ReferenceConfig.load(config);
            List<Service> services = ServiceCatalog.create(names, config, reference, Clock.systemUTC());
            provision(config);
            ServiceHost host = new ServiceHost(config, reference, Clock.systemUTC(), services);
            ApiDescription.register(host.routes());
            Runtime.getRuntime().addShutdownHook(new Thread(host::close, "siaga-shutdown"));
            int port = host.start(config.httpPort());
            log.info("{} listening on http://localhost:{}", names, port);
            return 0;
        }
    }

    /** What {@code demo} serves: the services, the dashboard and the API description, not started. */
    static ServiceHost demoHost(SiagaConfig config, ReferenceCatalog reference, List<Service> services) {
        ServiceHost host = new ServiceHost(config, reference, Clock.systemUTC(), services);
        Dashboard.register(host.routes());
        ApiDescription.register(host.routes());
        return host;
    }

    static void provision(SiagaConfig config) {
        short replication = (short) config.getInt(SiagaConfig.REPLICATION_FACTOR, 1, 1, 10);
        try (Admin admin = Admin.create(KafkaSettings.admin(config))) {
            TopicProvisioner.apply(admin, TopicProvisioner.specs(replication));
        }
    }

    static void awaitReady(ServiceHost host, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!host.ready()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not ready after " + timeout + ": " + host.report().get("missing"));
            }
            Thread.sleep(200);
        }
    }
}
