package siaga.runtime.access;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import siaga.runtime.http.ProblemException;

/**
 * Limits the public endpoints per client address with a token bucket: {@code perMinute} requests, refilled
 * evenly, so a client may burst up to a minute's worth and then gets one request every 60/perMinute seconds.
 * Beyond that: 429 with {@code Retry-After} (whole seconds until the next request is allowed).
 *
 * <p>The address is the TCP peer, never a forwarded header a client could forge; behind a proxy the proxy has to
 * limit instead (or the proxy's header be trusted through configuration, later work). Buckets live in this
 * instance's memory, so with several instances a client gets that many times the limit. Thread-safe.
 */
public final class RateLimiter {
    private static final int MAX_CLIENTS = 100_000;

    private final double perMinute;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long updatedMillis;

        Bucket(double tokens, long updatedMillis) {
            this.tokens = tokens;
            this.updatedMillis = updatedMillis;
        }
    }

    public RateLimiter(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Takes one request of {@code ctx}'s client from its bucket; a 429 problem when the bucket is empty. */
    public void check(Context ctx) {
        long waitMillis = take(ctx.ip());
        if (waitMillis > 0) {
            long seconds = Math.max(1, Duration.ofMillis(waitMillis).toSeconds() + (waitMillis % 1000 == 0 ? 0 : 1));
            ctx.header("Retry-After", String.valueOf(seconds));
            throw new ProblemException(429, "too-many-requests", "Too many requests",
                    "too many requests from this address; retry in " + seconds + " s", List.of(),
                    Map.of("retryAfterSeconds", seconds));
        }
    }

    /** 0 when the request may go ahead, else the milliseconds until it may. */
    long take(String client) {
        long now = clock.millis();
        if (buckets.size() > MAX_CLIENTS) {
            buckets.entrySet().removeIf(e -> refilled(e.getValue(), now) >= perMinute);
        }
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(perMinute, now));
        synchronized (bucket) {
            bucket.tokens = refilled(bucket, now);
            bucket.updatedMillis = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - bucket.tokens) * 60_000 / perMinute);
        }
    }

    private double refilled(Bucket bucket, long now) {
        // a clock stepped back (NTP, a test's clock) refills nothing rather than draining the bucket
        return Math.min(perMinute, bucket.tokens + Math.max(0, now - bucket.updatedMillis) * perMinute / 60_000);
    }
}
