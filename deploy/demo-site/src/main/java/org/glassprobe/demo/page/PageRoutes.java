package org.glassprobe.demo.page;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Optional;
import org.glassprobe.demo.images.ImageApiRoutes;
import org.glassprobe.demo.images.ImageStore;
import org.glassprobe.demo.images.StoredImage;
import org.glassprobe.demo.images.Upload;
import org.glassprobe.demo.images.UploadReader;
import org.glassprobe.demo.images.UploadRejectedException;

/**
 * The HTML side of the main port: {@code GET /} (with {@code ?image=id} to show an image)
 * and {@code POST /upload}, the form's target, which answers {@code 303} to the image's page.
 */
public final class PageRoutes {

    private final ImageStore store;
    private final UploadReader uploads;
    private final Pages pages;

    public PageRoutes(ImageStore store, UploadReader uploads, Pages pages) {
        this.store = store;
        this.uploads = uploads;
        this.pages = pages;
    }

    public void register(RoutesConfig routes) {
        routes.get("/", this::show);
        routes.post("/upload", this::upload);
    }

    private void show(Context ctx) {
        noStore(ctx);
        String id = ctx.queryParam("image");
        if (id == null) {
            ctx.html(pages.home());
            return;
        }
        Optional<StoredImage> image = store.find(id);
        if (image.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND).html(pages.error("Image not found", ImageApiRoutes.notFoundMessage(id)));
            return;
        }
        ctx.html(pages.image(image.get()));
    }

    private void upload(Context ctx) {
        noStore(ctx);
        Upload upload;
        try {
            upload = uploads.read(ctx);
        } catch (UploadRejectedException rejected) {
            if (rejected.bodyUnread()) {
                ctx.header("Connection", "close");
            }
            ctx.status(rejected.status()).html(pages.error("Upload refused", rejected.getMessage()));
            return;
        }
        StoredImage image = store.add(upload.content(), upload.type());
        ctx.redirect("/?image=" + image.id(), HttpStatus.SEE_OTHER);
    }

    private static void noStore(Context ctx) {
        ctx.header("Cache-Control", "no-store");
    }
}
