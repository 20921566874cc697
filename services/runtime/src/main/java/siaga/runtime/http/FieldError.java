package siaga.runtime.http;

/** One offending input: where it is, as a JSON pointer into the request ({@code /location/lat}), and what is wrong. */
public record FieldError(String pointer, String message) {
}
