package org.glassprobe.probe.ship;

import java.util.List;

/** Where results go: the results API's ingestion route. */
public interface ResultsEndpoint {
    /** Sends results (each a result's JSON, in spool order) as one batch; never throws for network trouble. */
    Delivery send(List<byte[]> results);
}
