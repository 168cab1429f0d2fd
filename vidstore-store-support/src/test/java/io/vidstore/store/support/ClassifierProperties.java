package io.vidstore.store.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.MediaTypeMismatchException;
import io.vidstore.api.TypeMismatchPolicy;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Classification of arbitrary uploads: it never breaks, and what it derives is always safe. */
class ClassifierProperties {

    private final Classifier trusting =
            new Classifier(Classifier.DEFAULT_VIDEO_EXTENSIONS, TypeMismatchPolicy.TRUST_CONTENT);
    private final Classifier rejecting =
            new Classifier(Classifier.DEFAULT_VIDEO_EXTENSIONS, TypeMismatchPolicy.REJECT);

    @Property(tries = 3000)
    void anyUploadIsClassifiedWithASafeExtension(@ForAll("filenames") String filename,
            @ForAll("contentTypes") String contentType, @ForAll("heads") byte[] head) throws Exception {
        byte[] padded = Arrays.copyOf(head, Classifier.SNIFF_LENGTH);
        Classifier.Classification c = trusting.classify(filename, contentType, padded, head.length);

        assertTrue(c.extension() == null || c.extension().matches("[a-z0-9]{1,10}"), c.toString());
        assertEquals(c, trusting.classify(filename, contentType, padded, head.length), "deterministic");
        try {
            Classifier.Classification strict = rejecting.classify(filename, contentType, padded, head.length);
            assertEquals(c, strict, "when nothing contradicts, the policies agree");
        } catch (MediaTypeMismatchException e) {
            assertTrue(e.getMessage().contains(filename), e.getMessage());
        }
    }

    @Property(tries = 500)
    void videoOnlyContainersAreVideosWhenNothingIsDeclared(@ForAll("videoOnlySignatures") String hex,
            @ForAll @Size(max = 200) byte[] rest) throws Exception {
        byte[] head = HexFormat.of().parseHex(hex);
        byte[] content = Arrays.copyOf(head, Classifier.SNIFF_LENGTH);
        System.arraycopy(rest, 0, content, head.length, Math.min(rest.length, content.length - head.length));
        assertTrue(trusting.classify("upload", null, content, head.length + rest.length).video());
    }

    @Provide
    Arbitrary<String> filenames() {
        return Arbitraries.oneOf(
                Arbitraries.of("clip.mp4", "a.MKV", "x.srt", "noext", "weird.m%p4", "a.", ".hidden", "song.mp3"),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(40).filter(s -> !s.isBlank()));
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of(null, "video/mp4", "VIDEO/WEBM", "audio/mpeg", "text/plain",
                "application/octet-stream", "image/png", "text/vtt", "video/mp4; codecs=avc1", "x/y");
    }

    @Provide
    Arbitrary<byte[]> heads() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(Classifier.SNIFF_LENGTH);
        Arbitrary<byte[]> signatures = Arbitraries.of("0000002066747970", "1a45dfa3", "52494646000000004156492020",
                "494433", "fffb", "4f676753", "89504e47", "57454256545420", "000001ba")
                .map(h -> HexFormat.of().parseHex(h));
        return Arbitraries.oneOf(random, signatures);
    }

    @Provide
    Arbitrary<String> videoOnlySignatures() {
        return Arbitraries.of("52494646000000004156492020", "464c5601", "000001ba", "000001b3");
    }
}
