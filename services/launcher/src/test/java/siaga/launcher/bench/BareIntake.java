package siaga.launcher.bench;

import io.javalin.Javalin;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.intake.http.Requests;
import siaga.intake.place.Gazetteer;
import siaga.intake.report.ComplaintForm;
import siaga.intake.report.ComplaintIntake.Receipt;
import siaga.intake.view.ComplaintStatus;
import siaga.runtime.http.Http;

/**
 * The baseline of {@code infra/bench/intake-wrk.sh}: {@code POST /api/complaints} on the same Javalin set-up
 * (Siaga's JSON mapper, body limit, problem mapper) reading and checking the body exactly as intake does
 * ({@link ComplaintForm#read}), then answering 201 with a receipt, but with no session check, no idempotency
 * key, no ticket from PostgreSQL and no Kafka write. Intake's throughput over this one is what durability costs.
 *
 * <p>Usage: {@code BareIntake <port>}; runs until killed.
 */
public final class BareIntake {
    private BareIntake() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Gazetteer places = new Gazetteer(ReferenceCatalog.demo());
        Clock clock = Clock.systemUTC();
        AtomicLong tickets = new AtomicLong();
        Javalin app = Http.create();
        app.post("/api/complaints", ctx -> {
            ComplaintForm form = ComplaintForm.read(Requests.jsonObject(ctx), places, places.catalog().primary());
            String ticket = String.format("BARE-%s-%06d", form.jurisdictionId(), tickets.incrementAndGet());
            ctx.status(201).json(new Receipt(UUID.randomUUID().toString(), ticket, ComplaintStatus.REPORTED, clock.instant()));
        });
        app.start("127.0.0.1", port);
    }
}
