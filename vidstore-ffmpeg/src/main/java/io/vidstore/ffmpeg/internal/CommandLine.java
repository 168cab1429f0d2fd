package io.vidstore.ffmpeg.internal;

import java.util.List;

/** Formats argument lists for logs and messages. */
public final class CommandLine {

    private CommandLine() {
    }

    /**
     * Formats a command for people: arguments that hold white space, quotes or nothing are put in
     * single quotes, so that where one argument ends is visible. The result is never run; the
     * library always passes argument lists, never a shell command.
     *
     * @param command the program and its arguments
     * @return one line
     */
    public static String display(List<String> command) {
        StringBuilder s = new StringBuilder();
        for (String arg : command) {
            if (s.length() > 0) {
                s.append(' ');
            }
            if (arg.isEmpty() || arg.chars().anyMatch(c -> Character.isWhitespace(c) || c == '\'' || c == '"')) {
                s.append('\'').append(arg.replace("'", "'\\''")).append('\'');
            } else {
                s.append(arg);
            }
        }
        return s.toString();
    }
}
