package siaga.archive.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ArchiveLagTest {
    private static final long RECORDED = 1_796_000_000_000L;

    @Test
    void aRollHandsOverTheRecordsSinceThePreviousRollWhileSinceStartKeepsThemAll() {
        ArchiveLag lag = new ArchiveLag();
        for (int millis = 1; millis <= 100; millis++) {
            lag.record(RECORDED, RECORDED + millis);
        }

        assertThat(lag.lastWindow()).isNull();
        assertThat(lag.roll()).isEqualTo(new ArchiveLag.Window(100, 50, 99, 100));
        assertThat(lag.lastWindow()).isEqualTo(new ArchiveLag.Window(100, 50, 99, 100));

        lag.record(RECORDED, RECORDED + 2_000);
        assertThat(lag.roll()).isEqualTo(new ArchiveLag.Window(1, 2_000, 2_000, 2_000));
        Histogram sinceStart = lag.sinceStart();
        assertThat(sinceStart.getTotalCount()).isEqualTo(101);
        assertThat(sinceStart.getMaxValue()).isEqualTo(2_000);
        assertThat(lag.roll()).isEqualTo(new ArchiveLag.Window(0, 0, 0, 0));
    }

    @Test
    void aCommitBeforeTheRecordsTimestampCountsAsOneMillisecondAndAWaitOverAnHourAsAnHour() {
        ArchiveLag lag = new ArchiveLag();
        lag.record(RECORDED, RECORDED - 250);
        lag.record(RECORDED, RECORDED + 5 * 3_600_000L);

        Histogram sinceStart = lag.sinceStart();
        assertThat(sinceStart.getTotalCount()).isEqualTo(2);
        assertThat(sinceStart.getMinValue()).isEqualTo(1);
        assertThat(sinceStart.highestEquivalentValue(sinceStart.getMaxValue()))
                .isEqualTo(sinceStart.highestEquivalentValue(3_600_000));
    }
}
