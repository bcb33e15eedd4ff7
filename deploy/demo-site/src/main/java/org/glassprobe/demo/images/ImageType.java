package org.glassprobe.demo.images;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The image formats the site accepts, recognised by their magic numbers, never by what the client claims. */
public enum ImageType {
    PNG("image/png", "PNG"),
    JPEG("image/jpeg", "JPEG"),
    GIF("image/gif", "GIF"),
    WEBP("image/webp", "WebP");

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] JPEG_SIGNATURE = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] GIF87_SIGNATURE = {'G', 'I', 'F', '8', '7', 'a'};
    private static final byte[] GIF89_SIGNATURE = {'G', 'I', 'F', '8', '9', 'a'};
    private static final byte[] RIFF = {'R', 'I', 'F', 'F'};
    private static final byte[] WEBP_FOURCC = {'W', 'E', 'B', 'P'};

    private final String contentType;
    private final String displayName;

    ImageType(String contentType, String displayName) {
        this.contentType = contentType;
        this.displayName = displayName;
    }

    public String contentType() {
        return contentType;
    }

    public String displayName() {
        return displayName;
    }

    /** The type whose magic number starts {@code content}, if any. */
    public static Optional<ImageType> detect(byte[] content) {
        if (startsWith(content, 0, PNG_SIGNATURE)) {
            return Optional.of(PNG);
        }
        if (startsWith(content, 0, JPEG_SIGNATURE)) {
            return Optional.of(JPEG);
        }
        if (startsWith(content, 0, GIF87_SIGNATURE) || startsWith(content, 0, GIF89_SIGNATURE)) {
            return Optional.of(GIF);
        }
        if (startsWith(content, 0, RIFF) && startsWith(content, 8, WEBP_FOURCC)) {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    /** {@code image/png, image/jpeg, image/gif, image/webp}, for messages. */
    public static String acceptedContentTypes() {
        return Arrays.stream(values()).map(ImageType::contentType).collect(Collectors.joining(", "));
    }

    /** {@code PNG, JPEG, GIF or WebP}, for messages. */
    public static String acceptedNames() {
        String all = Arrays.stream(values()).map(ImageType::displayName).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return all.substring(0, last) + " or " + all.substring(last + 2);
    }

    private static boolean startsWith(byte[] content, int offset, byte[] prefix) {
        if (content.length < offset + prefix.length) {
            return false;
        }
        return Arrays.equals(content, offset, offset + prefix.length, prefix, 0, prefix.length);
    }
}
