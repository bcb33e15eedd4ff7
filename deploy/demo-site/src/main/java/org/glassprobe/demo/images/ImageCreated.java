package org.glassprobe.demo.images;

/** The answer to a stored upload: where the image is served and what its bytes are. */
public record ImageCreated(String id, String url, String sha256, long size, String contentType) {

    public static ImageCreated of(StoredImage image) {
        return new ImageCreated(image.id(), image.url(), image.sha256(), image.size(), image.type().contentType());
    }
}
