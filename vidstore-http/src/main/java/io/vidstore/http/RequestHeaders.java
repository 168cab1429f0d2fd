package io.vidstore.http;

import java.util.List;

/**
 * The header fields of an HTTP request, as the server framework holds them. Implement it with a
 * lambda over the framework's request, such as {@code name -> exchange.getRequestHeaders()
 * .getOrDefault(name, List.of())}.
 */
@FunctionalInterface
public interface RequestHeaders {

    /**
     * Returns the values of every field line with this name, in the order received.
     *
     * @param name the field name; matched case-insensitively
     * @return the values, empty when the request has no such field; never null
     */
    List<String> values(String name);

    /**
     * Returns the value of a field that must appear at most once.
     *
     * @param name the field name
     * @return the value, or null when the field is absent or appears more than once
     */
    default String single(String name) {
        List<String> v = values(name);
        return v == null || v.size() != 1 ? null : v.get(0);
    }
}
