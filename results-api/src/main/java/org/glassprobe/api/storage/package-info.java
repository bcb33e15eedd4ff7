/**
 * What every feature's storage interface may throw: {@link org.glassprobe.api.storage.StoreException}
 * (the database cannot do it now). The interfaces themselves live in their features' packages
 * ({@code checks.CheckStore}, {@code ingest.IngestStore}, ...); their JDBC implementations in
 * {@code store}.
 */
package org.glassprobe.api.storage;
