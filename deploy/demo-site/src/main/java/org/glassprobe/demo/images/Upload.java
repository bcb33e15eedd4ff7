package org.glassprobe.demo.images;

import java.util.Objects;

/** An uploaded file that passed every check: its bytes and the image type found in them. */
public record Upload(byte[] content, ImageType type) {

    public Upload {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(type, "type");
    }
}
