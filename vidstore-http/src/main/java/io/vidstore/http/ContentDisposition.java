package io.vidstore.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * The {@code Content-Disposition} header (RFC 6266) with filenames encoded as in RFC 8187 (the
 * successor of RFC 5987).
 *
 * <p>Written values contain only visible ASCII and spaces, whatever the filename holds (control
 * characters, quotes, line breaks, non-ASCII text), so a filename can never end the header or
 * start another one.
 */
final class ContentDisposition {

    private static final String ATTR_CHAR_PUNCTUATION = "!#$&+-.^_`|~";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private ContentDisposition() {
    }

    /**
     * Formats a header value such as {@code inline; filename="a.mp4"; filename*=UTF-8''a.mp4}.
     *
     * @param type {@code inline} or {@code attachment}
     * @param filename the filename, any text
     * @return the header value
     */
    static String format(String type, String filename) {
        StringBuilder fallback = new StringBuilder();
        StringBuilder encoded = new StringBuilder();
        filename.codePoints().forEach(cp -> {
            boolean safe = cp >= 0x20 && cp < 0x7f && cp != '"' && cp != '\\' && cp != '%';
            fallback.append(safe ? (char) cp : '_');
        });
        for (byte b : filename.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (isAttrChar(c)) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        String ascii = fallback.toString().trim();
        if (ascii.isEmpty()) {
            ascii = "download";
        }
        String value = type + "; filename=\"" + ascii + "\"";
        if (!ascii.equals(filename)) {
            value += "; filename*=UTF-8''" + encoded;
        }
        return value;
    }

    private static boolean isAttrChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || (c < 0x80 && ATTR_CHAR_PUNCTUATION.indexOf(c) >= 0);
    }

    /**
     * Reads the filename from a {@code Content-Disposition} value, preferring {@code filename*}.
     *
     * @param value the header value
     * @return the filename, or null when the header names none
     * @throws IllegalArgumentException if the value is malformed
     */
    static String filename(String value) {
        Params p = new Params(value);
        p.token();
        String filename = null;
        String extended = null;
        p.skipOws();
        while (!p.atEnd()) {
            p.expect(';');
            p.skipOws();
            if (p.atEnd()) {
                break;
            }
            String name = p.token().toLowerCase(Locale.ROOT);
            p.skipOws();
            p.expect('=');
            p.skipOws();
            if (name.endsWith("*")) {
                String v = p.token();
                if (name.equals("filename*")) {
                    extended = decodeExtValue(v);
                }
            } else {
                String v = p.peek() == '"' ? p.quoted() : p.token();
                if (name.equals("filename")) {
                    filename = v;
                }
            }
            p.skipOws();
        }
        return extended != null ? extended : filename;
    }

    /** Decodes an RFC 8187 ext-value such as {@code UTF-8''a%20b.mp4}. */
    private static String decodeExtValue(String v) {
        int q1 = v.indexOf('\'');
        int q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
        if (q2 < 0) {
            throw new IllegalArgumentException("malformed filename* value");
        }
        String charsetName = v.substring(0, q1);
        Charset charset;
        if (charsetName.equalsIgnoreCase("UTF-8")) {
            charset = StandardCharsets.UTF_8;
        } else if (charsetName.equalsIgnoreCase("ISO-8859-1")) {
            charset = StandardCharsets.ISO_8859_1;
        } else {
            throw new IllegalArgumentException("unsupported charset in filename*: " + charsetName);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = q2 + 1; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '%') {
                if (i + 2 >= v.length()) {
                    throw new IllegalArgumentException("malformed percent-encoding in filename*");
                }
                int hi = Character.digit(v.charAt(i + 1), 16);
                int lo = Character.digit(v.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("malformed percent-encoding in filename*");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (isAttrChar(c)) {
                bytes.write(c);
            } else {
                throw new IllegalArgumentException("invalid character in filename*");
            }
        }
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("filename* is not valid " + charset, e);
        }
    }

    /** A cursor over a header value with parameters. */
    private static final class Params {
        private final String s;
        private int i;

        Params(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return i >= s.length();
        }

        char peek() {
            return atEnd() ? 0 : s.charAt(i);
        }

        void skipOws() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
                i++;
            }
        }

        void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("malformed Content-Disposition: expected '" + c
                        + "' at index " + i);
            }
            i++;
        }

        String token() {
            int start = i;
            while (!atEnd() && isTokenChar(peek())) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("malformed Content-Disposition: expected a token"
                        + " at index " + start);
            }
            return s.substring(start, i);
        }

        String quoted() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (!atEnd()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c == '\\' && !atEnd()) {
                    c = s.charAt(i++);
                }
                b.append(c);
            }
            throw new IllegalArgumentException("malformed Content-Disposition: unterminated quoted"
                    + " string");
        }

        private static boolean isTokenChar(char c) {
            return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
        }
    }
}
