package siaga.archive.complaint;

import java.util.Optional;

/**
 * A reporter's phone number in the one form the archive stores and searches: its digits, with a leading
 * {@code 0} (a national number) read as Indonesia's country code 62. So "0812-3456-7890", "+62 812 3456 7890"
 * and "62812 3456 7890" are all {@code 6281234567890}. The same rule is written in SQL in the V2 migration.
 */
public final class ReporterPhone {
    /** The fewest digits a search may name: fewer would match numbers by accident. */
    public static final int MIN_DIGITS = 6;
    /** E.164's longest number. */
    public static final int MAX_DIGITS = 15;

    private ReporterPhone() {
    }

    /** The stored form of {@code phone} as written on an event; null for null. */
    public static String normalize(String phone) {
        if (phone == null) {
            return null;
        }
        StringBuilder digits = new StringBuilder(phone.length());
        for (int i = 0; i < phone.length(); i++) {
            char c = phone.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        if (digits.length() > 0 && digits.charAt(0) == '0') {
            digits.replace(0, 1, "62");
        }
        return digits.toString();
    }

    /**
     * The stored form of a phone number typed into a search, or empty when it is not one: anything but digits,
     * spaces, dashes, dots, brackets and one leading plus, or fewer than {@link #MIN_DIGITS} or more than
     * {@link #MAX_DIGITS} digits once normalized.
     */
    public static Optional<String> parse(String typed) {
        if (!typed.matches("\\+?[0-9 ().-]+")) {
            return Optional.empty();
        }
        String normalized = normalize(typed);
        return normalized.length() < MIN_DIGITS || normalized.length() > MAX_DIGITS
                ? Optional.empty() : Optional.of(normalized);
    }
}
