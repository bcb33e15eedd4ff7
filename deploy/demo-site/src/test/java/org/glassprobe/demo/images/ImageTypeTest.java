package org.glassprobe.demo.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.glassprobe.demo.SiteClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImageTypeTest {

    static Stream<Arguments> images() {
        return Stream.of(
                Arguments.of(SiteClient.PNG, ImageType.PNG, "image/png"),
                Arguments.of(SiteClient.JPEG, ImageType.JPEG, "image/jpeg"),
                Arguments.of(SiteClient.GIF, ImageType.GIF, "image/gif"),
                Arguments.of("GIF87a-old-style".getBytes(StandardCharsets.US_ASCII), ImageType.GIF, "image/gif"),
                Arguments.of(SiteClient.WEBP, ImageType.WEBP, "image/webp"));
    }

    @ParameterizedTest
    @MethodSource("images")
    void detects_the_type_from_the_magic_number(byte[] content, ImageType expected, String contentType) {
        assertThat(ImageType.detect(content)).contains(expected);
        assertThat(expected.contentType()).isEqualTo(contentType);
    }

    static Stream<byte[]> notImages() {
        return Stream.of(
                new byte[0],
                "hello, world".getBytes(StandardCharsets.US_ASCII),
                "<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0x89, 'P', 'N', 'G'},
                "RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.US_ASCII),
                "GIF88a".getBytes(StandardCharsets.US_ASCII));
    }

    @ParameterizedTest
    @MethodSource("notImages")
    void finds_no_type_in_bytes_that_are_not_an_accepted_image(byte[] content) {
        assertThat(ImageType.detect(content)).isEmpty();
    }

    @Test
    void lists_the_accepted_types_for_messages() {
        assertThat(ImageType.acceptedContentTypes()).isEqualTo("image/png, image/jpeg, image/gif, image/webp");
        assertThat(ImageType.acceptedNames()).isEqualTo("PNG, JPEG, GIF or WebP");
    }
}
