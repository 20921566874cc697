package siaga.contracts.events;

import siaga.contracts.Checks;

/** The citizen who reported a complaint. Personal data: never logged, never shown on public pages. */
public record Reporter(String name, String phone) {
    public Reporter {
        Checks.text(name, "reporter name", 100);
        Checks.text(phone, "reporter phone", 30);
    }
}
