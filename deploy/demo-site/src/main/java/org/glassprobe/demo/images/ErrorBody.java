package org.glassprobe.demo.images;

/** The JSON body of every error of the image API: {@code {"error": "..."}}. */
public record ErrorBody(String error) {
}
