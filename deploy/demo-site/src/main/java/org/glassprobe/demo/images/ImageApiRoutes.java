package org.glassprobe.demo.images;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Optional;
import java.util.function.Predicate;
import org.glassprobe.demo.faults.RegionLags;

/**
 * The image API of the main port: {@code POST /api/images} stores an upload,
 * {@code GET /images/{id}} serves its exact bytes (or, while the {@code corrupt} fault is on for
 * the request's region, the same number of bytes with the last one flipped; and to a region with a lag, {@code 404} until
 * the image's upload + that lag: {@link RegionLags}).
 */
public final class ImageApiRoutes {

    private final ImageStore store;
    private final UploadReader uploads;
    private final Predicate<String> corruptImages;
    private final RegionLags lags;

    public ImageApiRoutes(ImageStore store, UploadReader uploads, Predicate<String> corruptImages) {
        this(store, uploads, corruptImages, RegionLags.NONE);
    }

    public ImageApiRoutes(ImageStore store, UploadReader uploads, Predicate<String> corruptImages, RegionLags lags) {
        this.store = store;
        this.uploads = uploads;
        this.corruptImages = corruptImages;
        this.lags = lags;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/images", this::upload);
        routes.get("/images/{id}", this::serve);
    }

    private void upload(Context ctx) {
        Upload upload;
        try {
            upload = uploads.read(ctx);
        } catch (UploadRejectedException rejected) {
            if (rejected.bodyUnread()) {
                ctx.header("Connection", "close");
            }
            ctx.status(rejected.status()).json(new ErrorBody(rejected.getMessage()));
            return;
        }
        StoredImage image = store.add(upload.content(), upload.type());
        ctx.status(HttpStatus.CREATED).header("Location", image.url()).json(ImageCreated.of(image));
    }

    private void serve(Context ctx) {
        String id = ctx.pathParam("id");
        Optional<StoredImage> found = store.find(id);
        String region = ctx.header(RegionLags.HEADER);
        if (found.isPresent() && lags.hides(region, store.age(id).orElse(java.time.Duration.ZERO))) {
            // as a replica that has not received the image yet answers: the same 404 as for no image
            found = Optional.empty();
        }
        if (found.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND).json(new ErrorBody(notFoundMessage(id)));
            return;
        }
        StoredImage image = found.get();
        ctx.contentType(image.type().contentType())
                .header("Content-Length", Integer.toString(image.size()))
                .header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff");
        if (corruptImages.test(region)) {
            byte[] altered = image.content();
            altered[altered.length - 1] ^= 0x01;
            ctx.result(altered);
        } else {
            ctx.result(image.open());
        }
    }

    /** Why an id finds nothing, shared with the HTML page. */
    public static String notFoundMessage(String id) {
        String shown = id.length() > 64 ? id.substring(0, 64) + "..." : id;
        return "image not found: no image with id '" + shown + "' is stored (images are kept in memory, the oldest"
                + " evicted first, and are lost on restart); upload it again with POST /api/images";
    }
}
