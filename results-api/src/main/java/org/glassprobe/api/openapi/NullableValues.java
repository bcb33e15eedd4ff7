package org.glassprobe.api.openapi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a list or map field of an answer: its items (or values) may be {@code null}, e.g. a bucket
 * without data. The field itself is {@code jakarta.annotation.Nullable} when it may be null.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface NullableValues {}
