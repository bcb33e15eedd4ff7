package org.glassprobe.demo.images;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads and checks the image of an upload request, for both the JSON API and the HTML form:
 * a {@code multipart/form-data} body whose field {@code file} holds a non-empty PNG, JPEG,
 * GIF or WebP of at most the size limit.
 *
 * <p>A file a little over the limit is read whole, so that the answer can say its size.
 * Bodies over {@link #readLimit()} are refused without being read; the client may then see
 * its connection closed while it is still sending.
 */
public final class UploadReader {

    public static final String FIELD = "file";

    private static final long MIB = 1024 * 1024;
    private static final String EXAMPLE = "e.g. curl -F file=@photo.png";

    private final long maxImageBytes;
    private final long readLimit;

    public UploadReader(long maxImageBytes) {
        if (maxImageBytes < 1) {
            throw new IllegalArgumentException("maxImageBytes must be at least 1, not " + maxImageBytes);
        }
        this.maxImageBytes = maxImageBytes;
        this.readLimit = maxImageBytes + Math.max(maxImageBytes, MIB);
    }

    public long maxImageBytes() {
        return maxImageBytes;
    }

    /** The most a file part may hold before the parser gives up on it: twice the limit, or the limit plus 1 MiB. */
    public long readLimit() {
        return readLimit;
    }

    public Upload read(Context ctx) throws UploadRejectedException {
        String contentType = ctx.contentType();
        if (!ctx.isMultipartFormData()) {
            throw new UploadRejectedException(HttpStatus.BAD_REQUEST, "expected a multipart/form-data request with the image in a field named '"
                    + FIELD + "', but " + (contentType == null ? "the request had no Content-Type" : "its Content-Type was '" + contentType + "'")
                    + "; send the image as a form upload (" + EXAMPLE + ")");
        }
        if (!contentType.toLowerCase(Locale.ROOT).contains("boundary=")) {
            throw new UploadRejectedException(HttpStatus.BAD_REQUEST, "the multipart/form-data Content-Type has no boundary parameter;"
                    + " let your HTTP client build the form body (" + EXAMPLE + ")", true);
        }
        long declaredLength = ctx.req().getContentLengthLong();
        if (declaredLength > readLimit + MIB) {
            throw new UploadRejectedException(HttpStatus.CONTENT_TOO_LARGE, "the request body is " + declaredLength
                    + " bytes, far over the limit of " + maxImageBytes + " bytes (" + ByteSizes.human(maxImageBytes)
                    + ") per image; upload a smaller image", true);
        }
        UploadedFile file = filePart(ctx);
        if (file == null) {
            boolean textField = ctx.formParamMap().containsKey(FIELD);
            throw new UploadRejectedException(HttpStatus.BAD_REQUEST, (textField
                    ? "the field '" + FIELD + "' is a text field, not a file"
                    : "the form has no field named '" + FIELD + "'")
                    + "; send the image as a file in the multipart field '" + FIELD + "' (" + EXAMPLE + ")");
        }
        long size = file.size();
        if (size == 0) {
            String name = file.filename();
            throw new UploadRejectedException(HttpStatus.BAD_REQUEST, (name == null || name.isEmpty()
                    ? "no file was chosen: the field '" + FIELD + "' is empty (0 bytes)"
                    : "the file '" + name + "' is empty (0 bytes)") + "; choose a non-empty image file");
        }
        if (size > maxImageBytes) {
            throw tooLarge(size + " bytes");
        }
        byte[] content;
        try (InputStream in = file.content()) {
            content = in.readAllBytes();
        } catch (IOException readFailure) {
            throw new UploadRejectedException(HttpStatus.BAD_REQUEST, "the upload could not be read to its end ("
                    + readFailure.getMessage() + "); send it again", true);
        }
        ImageType type = ImageType.detect(content).orElseThrow(() -> new UploadRejectedException(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, "the file" + quotedName(file) + " is not a supported image: its first bytes are not those of a "
                        + ImageType.acceptedNames() + " file (the Content-Type sent" + sentType(file)
                        + " is not trusted); accepted types: " + ImageType.acceptedContentTypes()));
        return new Upload(content, type);
    }

    private UploadedFile filePart(Context ctx) throws UploadRejectedException {
        try {
            return ctx.uploadedFile(FIELD);
        } catch (Exception unreadable) { // Jetty's parser throws the checked ServletException through Kotlin code
            if (isSizeLimit(unreadable)) {
                throw new UploadRejectedException(HttpStatus.CONTENT_TOO_LARGE, tooLarge("more than " + readLimit + " bytes")
                        .getMessage(), true);
            }
            throw new UploadRejectedException(HttpStatus.BAD_REQUEST, "the multipart/form-data body could not be parsed ("
                    + rootMessage(unreadable) + "); let your HTTP client build the form body (" + EXAMPLE + ")", true);
        }
    }

    private UploadRejectedException tooLarge(String found) {
        return new UploadRejectedException(HttpStatus.CONTENT_TOO_LARGE, "the image is " + found + ", over the limit of "
                + maxImageBytes + " bytes (" + ByteSizes.human(maxImageBytes) + ") per image; upload a smaller image");
    }

    /** Jetty reports a part over its size limit as an IllegalStateException somewhere in the cause chain. */
    private static boolean isSizeLimit(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (cause instanceof IllegalStateException && message != null && message.contains("max file size exceeded")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static String quotedName(UploadedFile file) {
        String name = file.filename();
        return name == null || name.isEmpty() ? "" : " '" + name + "'";
    }

    private static String sentType(UploadedFile file) {
        String sent = file.contentType();
        return sent == null ? "" : ", '" + sent + "',";
    }
}
