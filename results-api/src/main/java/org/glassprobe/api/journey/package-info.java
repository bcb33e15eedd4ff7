/**
 * Cross-region journeys (issue 19): one region writes an object, the others read it until its
 * bytes are identical. Ingestion keeps what writers published and what readers measured (read
 * from each result's {@code journey} field by {@link org.glassprobe.api.journey.JourneyField});
 * readers ask for the newest object ({@code GET /api/v1/probe/journeys/{check}}, a bounded
 * long-poll); the public read and the check's page show the propagation per reading region.
 */
package org.glassprobe.api.journey;
