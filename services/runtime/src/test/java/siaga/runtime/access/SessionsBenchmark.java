package siaga.runtime.access;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;

/**
 * What a session costs: a sign-in (bcrypt, cost 10), the first verification of a token (HMAC and JSON) and every
 * later one (the cache). Prints the figures; no assertions. Usage: {@code SessionsBenchmark [verifications]}
 * (default 1,000,000), on the runtime module's test class path (BENCHMARKS.md has the command).
 */
public final class SessionsBenchmark {
    private SessionsBenchmark() {
    }

    public static void main(String[] args) {
        int verifications = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        ReferenceCatalog reference = ReferenceCatalog.demo();
        ReferenceData madiun = reference.get("madiun");
        Sessions sessions = new Sessions(reference, "a-benchmark-secret-of-at-least-32-chars", Duration.ofHours(12),
                Clock.systemUTC());

        List<String> tokens = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            tokens.add(sessions.signIn(madiun, "op-sri", "siaga-demo-operator").orElseThrow().token());
        }
        System.out.printf("sign-in (bcrypt cost 10): %.1f ms each over 20%n", (System.nanoTime() - started) / 20 / 1e6);

        // a fresh Sessions per round has an empty cache, so each verification decodes and checks the HMAC
        int firstRounds = Math.max(1, verifications / 100);
        long uncached = 0;
        for (int i = 0; i < firstRounds; i++) {
            Sessions cold = new Sessions(reference, "a-benchmark-secret-of-at-least-32-chars", Duration.ofHours(12),
                    Clock.systemUTC());
            long t0 = System.nanoTime();
            cold.verify(tokens.get(i % tokens.size())).orElseThrow();
            uncached += System.nanoTime() - t0;
        }
        System.out.printf("first verification of a token (HMAC-SHA256 and JSON): %.1f us each over %d%n",
                uncached / (double) firstRounds / 1e3, firstRounds);

        for (String token : tokens) {
            sessions.verify(token).orElseThrow();
        }
        started = System.nanoTime();
        for (int i = 0; i < verifications; i++) {
            sessions.verify(tokens.get(i % tokens.size())).orElseThrow();
        }
        System.out.printf("later verifications (cache, expiry and user checks): %.2f us each over %,d%n",
                (System.nanoTime() - started) / (double) verifications / 1e3, verifications);
    }
}
