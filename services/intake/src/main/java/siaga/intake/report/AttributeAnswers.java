package siaga.intake.report;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import siaga.contracts.reference.ReferenceData.Attribute;
import siaga.contracts.reference.ReferenceData.AttributeValue;
import siaga.contracts.reference.ReferenceData.Category;
import siaga.runtime.http.FieldError;

/**
 * Checks the answers to a category's attributes (Open311's service definition) against that definition: every
 * code is one of the category's answerable attributes, every required one is answered, a number parses as a
 * decimal, a datetime as ISO 8601 with an offset, a list answer names its values' keys (one for a single-value list,
 * one or more for a multi-value list), a string or text is at most 500 characters. Errors point at
 * {@code <prefix>/<code>}.
 */
public final class AttributeAnswers {
    static final int MAX_LENGTH = 500;

    private AttributeAnswers() {
    }

    /** The answers, keyed and ordered by code, or none added to {@code errors}. */
    public static Map<String, List<String>> check(Category category, Map<String, List<String>> answers, String prefix,
                                                  List<FieldError> errors) {
        Map<String, Attribute> byCode = category.attributes().stream()
                .collect(Collectors.toMap(Attribute::code, a -> a, (a, b) -> a, LinkedHashMap::new));
        Map<String, List<String>> checked = new LinkedHashMap<>();
        answers.forEach((code, values) -> {
            String pointer = prefix + "/" + code;
            Attribute attribute = byCode.get(code);
            if (attribute == null || !attribute.variable()) {
                errors.add(new FieldError(pointer, attribute == null
                        ? "is not an attribute of " + category.code() + "; one of " + answerable(category)
                        : "is informational and takes no answer"));
            } else if (valid(attribute, values, pointer, errors)) {
                checked.put(code, List.copyOf(values));
            }
        });
        for (Attribute attribute : category.attributes()) {
            if (attribute.required() && attribute.variable() && !answers.containsKey(attribute.code())) {
                errors.add(new FieldError(prefix + "/" + attribute.code(), "is required for " + category.code()
                        + ": " + attribute.description()));
            }
        }
        return checked;
    }

    private static List<String> answerable(Category category) {
        return category.attributes().stream().filter(Attribute::variable).map(Attribute::code).toList();
    }

    private static boolean valid(Attribute attribute, List<String> values, String pointer, List<FieldError> errors) {
        if (values.isEmpty() || values.stream().anyMatch(v -> v == null || v.isBlank())) {
            errors.add(new FieldError(pointer, "must not be blank"));
            return false;
        }
        if (!attribute.datatype().equals("multivaluelist") && values.size() != 1) {
            errors.add(new FieldError(pointer, "takes one value, was " + values.size()));
            return false;
        }
        List<String> problems = new ArrayList<>();
        for (String value : values) {
            String problem = problem(attribute, value);
            if (problem != null) {
                problems.add(problem);
            }
        }
        if (attribute.datatype().equals("multivaluelist") && Set.copyOf(values).size() != values.size()) {
            problems.add("names a value twice");
        }
        problems.stream().distinct().forEach(p -> errors.add(new FieldError(pointer, p)));
        return problems.isEmpty();
    }

    private static String problem(Attribute attribute, String value) {
        if (value.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters, was " + value.length();
        }
        switch (attribute.datatype()) {
            case "number" -> {
                try {
                    new BigDecimal(value.strip());
                    return value.strip().length() <= 30 ? null : "must be a decimal number";
                } catch (NumberFormatException e) {
                    return "must be a decimal number, was '" + value + "'";
                }
            }
            case "datetime" -> {
                try {
                    OffsetDateTime.parse(value.strip());
                    return null;
                } catch (DateTimeParseException e) {
                    return "must be an ISO 8601 date and time with an offset, such as 2026-11-23T08:15:00+07:00";
                }
            }
            case "singlevaluelist", "multivaluelist" -> {
                List<String> keys = attribute.values().stream().map(AttributeValue::key).toList();
                return keys.contains(value) ? null : "must be one of " + keys + ", was '" + value + "'";
            }
            case "string" -> {
                return value.contains("\n") || value.contains("\r") ? "must be a single line" : null;
            }
            default -> {
                return null;
            }
        }
    }
}
