package siaga.archive.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportCsvTest {
    @Test
    void writesAHeaderAndOneLinePerRowQuotingWhatNeedsIt() {
        Map<String, Long> statuses = new LinkedHashMap<>();
        statuses.put("reported", 1L);
        statuses.put("queued", 0L);
        statuses.put("dispatched", 0L);
        statuses.put("acknowledged", 0L);
        statuses.put("resolved", 2L);
        statuses.put("cannot-fix", 1L);
        Map<String, Report.Stage> sla = new LinkedHashMap<>();
        sla.put("dispatch", new Report.Stage(2, 1, 50.0, 1, 60_000L, 900_000L, 0));
        sla.put("acknowledge", Report.Stage.NONE);
        sla.put("resolve", Report.Stage.NONE);
        sla.put("follow-up", new Report.Stage(1, 1, 100.0, 0, 86_400_000L, 86_400_000L, 3_600_000));
        Report report = new Report("category", "week", "madiun", "Asia/Jakarta", LocalDate.parse("2026-03-02"),
                LocalDate.parse("2026-03-08"), List.of(new Report.Row("2026-W10", Instant.parse("2026-03-01T17:00:00Z"),
                Instant.parse("2026-03-08T17:00:00Z"), "2026-03-02T00:00:00+07:00", "2026-03-09T00:00:00+07:00",
                "pohon \"tumbang\", besar", 3, statuses, 4, sla, null)));

        assertThat(ReportCsv.write(report)).isEqualTo(String.join("\r\n",
                "period,start,end,category,reported,status_reported,status_queued,status_dispatched,status_acknowledged,"
                        + "status_resolved,status_closed,status_cancelled,status_merged,status_declined,status_cannot_fix,"
                        + "backlog_at_end,dispatch_met,dispatch_within_target,dispatch_compliance_percent,"
                        + "dispatch_breached,dispatch_p50_millis,dispatch_p90_millis,dispatch_paused_millis,"
                        + "acknowledge_met,acknowledge_within_target,acknowledge_compliance_percent,acknowledge_breached,"
                        + "acknowledge_p50_millis,acknowledge_p90_millis,acknowledge_paused_millis,"
                        + "arrive_met,arrive_within_target,arrive_compliance_percent,arrive_breached,arrive_p50_millis,"
                        + "arrive_p90_millis,arrive_paused_millis,"
                        + "resolve_met,resolve_within_target,resolve_compliance_percent,resolve_breached,resolve_p50_millis,"
                        + "resolve_p90_millis,resolve_paused_millis,"
                        + "forward_met,forward_within_target,forward_compliance_percent,forward_breached,forward_p50_millis,"
                        + "forward_p90_millis,forward_paused_millis,"
                        + "follow_up_met,follow_up_within_target,follow_up_compliance_percent,follow_up_breached,"
                        + "follow_up_p50_millis,follow_up_p90_millis,follow_up_paused_millis,"
                        + "close_met,close_within_target,close_compliance_percent,close_breached,close_p50_millis,"
                        + "close_p90_millis,close_paused_millis,crews_on_shift,crew_days_on_shift",
                "2026-W10,2026-03-02T00:00:00+07:00,2026-03-09T00:00:00+07:00,\"pohon \"\"tumbang\"\", besar\",3,1,0,0,0,2,0,0,0,0,1,4,"
                        + "2,1,50.0,1,60000,900000,0,0,0,,0,,,0,0,0,,0,,,0,0,0,,0,,,0,0,0,,0,,,0,"
                        + "1,1,100.0,0,86400000,86400000,3600000,0,0,,0,,,0,,",
                ""));
    }
}
