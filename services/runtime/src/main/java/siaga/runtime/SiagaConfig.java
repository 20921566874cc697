package siaga.runtime;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Settings by name ({@code SIAGA_BOOTSTRAP_SERVERS}, ...): environment variables win over the config file
 * ({@code SIAGA_CONFIG_FILE}, default {@code ./siaga.properties} where it exists, same names as keys), which
 * wins over each setting's default. Every default runs the demo on one machine. A value that does not parse
 * raises an {@link IllegalArgumentException} naming the setting, so a bad value stops startup.
 */
public final class SiagaConfig {
    public static final String BOOTSTRAP_SERVERS = "SIAGA_BOOTSTRAP_SERVERS";
    public static final String DB_URL = "SIAGA_DB_URL";
    public static final String DB_USER = "SIAGA_DB_USER";
    public static final String DB_PASSWORD = "SIAGA_DB_PASSWORD";
    public static final String DB_SCHEMA = "SIAGA_DB_SCHEMA";
    public static final String HTTP_PORT = "SIAGA_HTTP_PORT";
    public static final String STATE_DIR = "SIAGA_STATE_DIR";
    public static final String APP_ID_PREFIX = "SIAGA_APP_ID_PREFIX";
    public static final String REFERENCE_FILES = "SIAGA_REFERENCE_FILES";
    public static final String REPLICATION_FACTOR = "SIAGA_REPLICATION_FACTOR";
    /** {@code host:port} at which the other instances reach this one's HTTP server; needed when several run. */
    public static final String ADVERTISED_ADDRESS = "SIAGA_ADVERTISED_ADDRESS";

    private final Map<String, String> values;

    private SiagaConfig(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static SiagaConfig fromEnvironment() {
        return from(System.getenv());
    }

    public static SiagaConfig from(Map<String, String> env) {
        Map<String, String> merged = new HashMap<>();
        Path file = Path.of(env.getOrDefault("SIAGA_CONFIG_FILE", "siaga.properties"));
        if (Files.isRegularFile(file)) {
            Properties props = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                props.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read config file " + file, e);
            }
            props.forEach((k, v) -> merged.put(k.toString(), v.toString()));
        } else if (env.containsKey("SIAGA_CONFIG_FILE")) {
            throw new IllegalArgumentException("SIAGA_CONFIG_FILE names " + file + ", which does not exist");
        }
        env.forEach((k, v) -> {
            if (k.startsWith("SIAGA_")) {
                merged.put(k, v);
            }
        });
        return new SiagaConfig(merged);
    }

    public static SiagaConfig of(Map<String, String> values) {
        return new SiagaConfig(values);
    }

    /** A copy with one setting replaced; the launcher and tests use it to point services at their broker. */
    public SiagaConfig with(String key, String value) {
        Map<String, String> copy = new HashMap<>(values);
        copy.put(key, value);
        return new SiagaConfig(copy);
    }

    public Optional<String> find(String key) {
        String value = values.get(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String get(String key, String defaultValue) {
        return find(key).orElse(defaultValue);
    }

    public int getInt(String key, int defaultValue, int min, int max) {
        Optional<String> raw = find(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value < min || value > max) {
                throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", was " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + raw.get() + "'");
        }
    }

    /** An ISO-8601 duration such as {@code PT30S}. */
    public Duration getDuration(String key, Duration defaultValue) {
        Optional<String> raw = find(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            Duration value = Duration.parse(raw.get());
            if (value.isNegative()) {
                throw new IllegalArgumentException(key + " must not be negative, was " + raw.get());
            }
            return value;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " must be an ISO-8601 duration such as PT30S, was '" + raw.get() + "'");
        }
    }

    public String bootstrapServers() {
        return get(BOOTSTRAP_SERVERS, "localhost:9092");
    }

    public int httpPort() {
        return getInt(HTTP_PORT, 8080, 0, 65535);
    }

    public Path stateDir() {
        return Path.of(get(STATE_DIR, ".siaga/state"));
    }

    public String appIdPrefix() {
        return get(APP_ID_PREFIX, "siaga");
    }
}
