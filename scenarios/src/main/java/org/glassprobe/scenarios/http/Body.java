package org.glassprobe.scenarios.http;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.glassprobe.scenarios.model.Template;
import org.glassprobe.scenarios.model.UploadFile;

/** A request body: text, JSON, raw bytes (a file, or inline base64), or multipart form data. */
public sealed interface Body permits Body.Text, Body.Json, Body.Raw, Body.Multipart {

    /** Plain text (or anything written out), sent with the given content type. */
    record Text(Template text, String contentType) implements Body {
        public Text {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(contentType, "contentType");
        }
    }

    /**
     * A JSON document written as YAML in the check file. Strings in it are templates; the value
     * tree is made of maps, lists, {@link Template}s, numbers, booleans and nulls.
     */
    record Json(Object value) implements Body {}

    /**
     * Exactly these bytes, as the whole body (a PUT to a WebDAV server or a pre-signed URL). Read
     * when the check is loaded, so a later {@code integrity} can compare a download with them.
     */
    record Raw(UploadFile file) implements Body {
        public Raw {
            Objects.requireNonNull(file, "file");
        }
    }

    /** multipart/form-data with text fields and files. */
    record Multipart(List<Part> parts) implements Body {
        public Multipart {
            parts = List.copyOf(parts);
        }

        /** The file parts, in order. */
        public List<FilePart> files() {
            return parts.stream().filter(FilePart.class::isInstance).map(FilePart.class::cast).toList();
        }

        public Optional<FilePart> file(String name) {
            return files().stream().filter(f -> f.name().equals(name)).findFirst();
        }
    }

    /** One part of a multipart body. */
    sealed interface Part permits FieldPart, FilePart {
        String name();
    }

    record FieldPart(String name, Template value) implements Part {}

    record FilePart(String name, UploadFile file) implements Part {}
}
