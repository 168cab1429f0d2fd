package io.vidstore.ffmpeg.internal;

/**
 * Escapes text for use inside an ffmpeg filter graph, by the two levels described in ffmpeg-utils
 * "Quoting and escaping" and ffmpeg-filters "Notes on filtergraph escaping".
 *
 * <p>Level 1 protects a value inside a filter's {@code key=value:key=value} option list; level 2
 * protects the whole filter description inside the graph ({@code [in]filter,filter;...}). Each
 * level puts a backslash before its special characters and before every white-space character
 * (ffmpeg strips unescaped leading and trailing white space, and a backslash before any character
 * stands for that character, so escaping all of it is always correct). For example the file
 * {@code /srv/media/it's: a, [weird]; name.srt} becomes
 * {@code subtitles=filename=/srv/media/it\\\'s\\:\\\ a\,\\\ \[weird\]\;\\\ name.srt}.
 */
public final class FilterEscaping {

    private static final String LEVEL1_SPECIALS = "\\':";
    private static final String LEVEL2_SPECIALS = "\\'[],;";

    private FilterEscaping() {
    }

    /**
     * Escapes an option value (level 1).
     *
     * @param value the raw value, such as a file's path
     * @return the value, safe between {@code key=} and the next {@code :}
     */
    public static String optionValue(String value) {
        return escape(value, LEVEL1_SPECIALS);
    }

    /**
     * Escapes a filter description (level 2).
     *
     * @param description a filter with its options, whose values are already level-1 escaped
     * @return the description, safe inside a filter graph
     */
    public static String filterDescription(String description) {
        return escape(description, LEVEL2_SPECIALS);
    }

    /**
     * Builds a filter with one option whose value is escaped at both levels, ready to be chained
     * into a filter graph.
     *
     * @param filter the filter's name, such as {@code subtitles}; not escaped
     * @param key the option's name, such as {@code filename}; not escaped
     * @param value the raw value
     * @return {@code filter=key=value}, escaped
     */
    public static String filterWithOption(String filter, String key, String value) {
        return filter + "=" + key + "=" + filterDescription(optionValue(value));
    }

    private static String escape(String text, String specials) {
        StringBuilder s = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (specials.indexOf(c) >= 0 || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                s.append('\\');
            }
            s.append(c);
        }
        return s.toString();
    }
}
