package siaga.sla;

import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.KafkaSettings;

/**
 * The SLA monitor's settings: its Streams application {@code <prefix>-sla-monitor}, exactly-once, so that a
 * stage is measured, published and counted in the histograms once even across crashes and rebalances.
 */
public record SlaMonitorConfig(Properties streams) {
    public SlaMonitorConfig {
        Properties copy = new Properties();
        copy.putAll(streams);
        streams = copy;
    }

    public static SlaMonitorConfig from(SiagaConfig config) {
        Properties streams = KafkaSettings.streams(config, SlaTopology.SERVICE);
        streams.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        return new SlaMonitorConfig(streams);
    }
}
