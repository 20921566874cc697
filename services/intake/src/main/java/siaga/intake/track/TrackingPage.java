package siaga.intake.track;

/** The plain HTML of the tracking page: no script, no external resources, every value escaped. */
final class TrackingPage {
    private TrackingPage() {
    }

    static String render(Tracking t, String jurisdictionName) {
        StringBuilder steps = new StringBuilder();
        for (Tracking.Step step : t.timeline()) {
            steps.append("<li><time>").append(escape(step.at())).append("</time> ").append(escape(step.status()))
                    .append("</li>\n");
        }
        return page("Tiket " + t.ticket(), """
                <h1>Tiket %s</h1>
                <p>%s</p>
                <dl>
                <dt>Status</dt><dd id="status">%s</dd>
                <dt>Kategori</dt><dd>%s</dd>
                <dt>Dinas</dt><dd>%s</dd>
                <dt>Kecamatan</dt><dd>%s</dd>
                <dt>Dilaporkan</dt><dd>%s</dd>
                <dt>Perkiraan selesai</dt><dd>%s</dd>
                </dl>
                <h2>Riwayat (%s)</h2>
                <ol>
                %s</ol>
                """.formatted(escape(t.ticket()), escape(jurisdictionName), escape(t.status()), escape(t.categoryName()),
                escape(t.department()), escape(t.district() == null ? "-" : t.district()), escape(t.reportedAt()),
                escape(t.expectedBy() == null ? "-" : t.expectedBy()), escape(t.timeZone()), steps));
    }

    static String error(String detail) {
        return page("Tiket tidak ditemukan", "<h1>Tiket tidak ditemukan</h1>\n<p>" + escape(detail) + "</p>\n");
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"id\">\n<head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title></head>\n<body>\n" + body + "</body>\n</html>\n";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
