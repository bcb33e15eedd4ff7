/**
 * The results API: enrolment, ingestion, storage, probe liveness, queries, outages, webhooks and
 * the uptime page. Filled in by the results API issue; the module exists now so that the build
 * has its final shape.
 */
package org.glassprobe.api;
