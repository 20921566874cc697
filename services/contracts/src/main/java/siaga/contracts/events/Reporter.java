package siaga.contracts.events;

import siaga.contracts.Checks;

/**
 * The citizen who reported a complaint. Personal data: never logged, never shown on public pages. {@code email}
 * is optional (null). Version 2 of complaint.reported added it; version 1 reads with a null email.
 */
public record Reporter(String name, String phone, String email) {
    public Reporter {
        Checks.text(name, "reporter name", 100);
        Checks.text(phone, "reporter phone", 30);
        if (email != null) {
            Checks.text(email, "reporter email", 254);
        }
    }

    public Reporter(String name, String phone) {
        this(name, phone, null);
    }
}
