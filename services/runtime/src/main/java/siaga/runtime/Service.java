package siaga.runtime;

import siaga.runtime.access.RouteTable;

/**
 * What every Siaga service is to the launcher and to end-to-end tests, so that any set of them runs in one
 * JVM behind one HTTP port, or each alone in its own process.
 *
 * <p>{@link #start()} returns once the service is started, not necessarily ready (a Streams application may
 * still be rebalancing); {@link #health()} says when it is. {@link #stop()} is idempotent and waits for a
 * clean shutdown. {@link #routes(RouteTable)} is called before the HTTP server starts; every route it adds states
 * who may call it.
 */
public interface Service {
    String name();

    void start();

    void stop();

    Health health();

    default void routes(RouteTable routes) {
    }

    record Health(boolean ready, String detail) {
        public static Health ready(String detail) {
            return new Health(true, detail);
        }

        public static Health notReady(String detail) {
            return new Health(false, detail);
        }
    }
}
