package org.glassprobe.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** Test support: an HTTP client for a running demo site, and sample images. */
public final class SiteClient {

    /** A real 1x1 PNG. */
    public static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
    /** A real 1x1 GIF. */
    public static final byte[] GIF = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
    /** A JPEG's magic number and some bytes. */
    public static final byte[] JPEG = withPrefix(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}, 200);
    /** A WebP's RIFF header and some bytes. */
    public static final byte[] WEBP = withPrefix(new byte[] {'R', 'I', 'F', 'F', 0x40, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' '}, 200);

    private final OkHttpClient http;
    private final String baseUrl;

    public SiteClient(String baseUrl) {
        this(baseUrl, Duration.ofSeconds(10));
    }

    public SiteClient(String baseUrl, Duration readTimeout) {
        this(baseUrl, readTimeout, true);
    }

    /** @param reuseConnections false against a site whose idle timeout is shorter than the pauses of a test */
    public SiteClient(String baseUrl, Duration readTimeout, boolean reuseConnections) {
        this.baseUrl = baseUrl;
        this.http = new OkHttpClient.Builder()
                .connectionPool(reuseConnections ? new ConnectionPool() : new ConnectionPool(0, 1, TimeUnit.SECONDS))
                .followRedirects(false)
                .retryOnConnectionFailure(false)
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(readTimeout)
                .build();
    }

    public OkHttpClient http() {
        return http;
    }

    public Response get(String path) throws IOException {
        return http.newCall(new Request.Builder().url(baseUrl + path).build()).execute();
    }

    public Response post(String path, RequestBody body) throws IOException {
        return http.newCall(new Request.Builder().url(baseUrl + path).post(body).build()).execute();
    }

    /** Posts {@code content} as the multipart file field {@code field}. */
    public Response upload(String path, String field, String filename, byte[] content, String contentType) throws IOException {
        return post(path, multipart(field, filename, content, contentType));
    }

    public Response upload(String path, byte[] content) throws IOException {
        return upload(path, "file", "image.bin", content, "application/octet-stream");
    }

    /** Uploads {@code content} with the JSON API and returns the answer's body, asserting nothing. */
    public String uploadForJson(byte[] content) {
        try (Response response = upload("/api/images", content)) {
            return response.body().string();
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    public static RequestBody multipart(String field, String filename, byte[] content, String contentType) {
        return new MultipartBody.Builder()
                .setType(MultipartBody.FORM)
                .addFormDataPart(field, filename, RequestBody.create(content, MediaType.get(contentType)))
                .build();
    }

    /** A PNG signature followed by filler bytes: {@code size} bytes in all. */
    public static byte[] pngOfSize(int size) {
        return withPrefix(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, size);
    }

    private static byte[] withPrefix(byte[] prefix, int size) {
        byte[] content = new byte[size];
        System.arraycopy(prefix, 0, content, 0, prefix.length);
        for (int i = prefix.length; i < size; i++) {
            content[i] = (byte) (i * 31);
        }
        return content;
    }
}
