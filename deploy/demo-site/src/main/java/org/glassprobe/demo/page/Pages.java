package org.glassprobe.demo.page;

import org.glassprobe.demo.images.ByteSizes;
import org.glassprobe.demo.images.ImageType;
import org.glassprobe.demo.images.StoredImage;

/**
 * The HTML of the site: one page with the upload form, showing an uploaded image or an
 * error below it. No external assets. The element ids are what browser scenarios use:
 * {@code upload-form, file, upload-button, uploaded-image, image-sha256, image-size,
 * image-content-type, error-message}; keep them stable.
 */
public final class Pages {

    private final String limitText;

    public Pages(long maxImageBytes) {
        this.limitText = ByteSizes.human(maxImageBytes);
    }

    /** The upload form alone. */
    public String home() {
        return page("");
    }

    /** The upload form and the image just uploaded (or asked for with {@code ?image=id}). */
    public String image(StoredImage image) {
        String id = Html.escape(image.id());
        return page("""
                <section id="image-view">
                  <h2>Uploaded image</h2>
                  <img id="uploaded-image" src="/images/%s" alt="uploaded image">
                  <dl>
                    <dt>SHA-256</dt><dd><code id="image-sha256">%s</code></dd>
                    <dt>Size</dt><dd><span id="image-size">%d</span> bytes</dd>
                    <dt>Type</dt><dd><span id="image-content-type">%s</span></dd>
                  </dl>
                </section>
                """.formatted(id, Html.escape(image.sha256()), image.size(), Html.escape(image.type().contentType())));
    }

    /** The upload form and an error: an unknown image, or an upload that was refused. */
    public String error(String title, String message) {
        return page("""
                <section id="error">
                  <h2>%s</h2>
                  <p id="error-message" class="error">%s</p>
                </section>
                """.formatted(Html.escape(title), Html.escape(message)));
    }

    private String page(String section) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <title>glassprobe demo site</title>
                  <style>
                    body { font-family: system-ui, sans-serif; max-width: 44rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
                    img { max-width: 100%%; border: 1px solid #ccc; }
                    code { word-break: break-all; }
                    dt { font-weight: bold; }
                    .error { color: #a00; }
                  </style>
                </head>
                <body>
                  <h1>glassprobe demo site</h1>
                  <p>Upload an image (%s, at most %s).</p>
                  <form id="upload-form" action="/upload" method="post" enctype="multipart/form-data">
                    <input type="file" id="file" name="file" accept="image/*">
                    <button type="submit" id="upload-button">Upload</button>
                  </form>
                %s</body>
                </html>
                """.formatted(Html.escape(ImageType.acceptedNames()), Html.escape(limitText), section.indent(2));
    }
}
