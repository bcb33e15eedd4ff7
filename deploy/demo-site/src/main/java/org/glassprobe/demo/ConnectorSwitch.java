package org.glassprobe.demo;

import io.javalin.Javalin;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.glassprobe.demo.faults.MainListener;

/**
 * The main port's Jetty connector, stopped and started again by the {@code refuse} fault.
 * Stopping it closes the listening socket and every connection on it; starting it binds
 * the same port again, even when that port was ephemeral.
 */
final class ConnectorSwitch implements MainListener {

    private final Javalin app;
    private int port = -1;

    ConnectorSwitch(Javalin app) {
        this.app = app;
    }

    @Override
    public synchronized void stopListening() {
        ServerConnector connector = connector();
        if (connector.getLocalPort() > 0) {
            port = connector.getLocalPort();
        }
        try {
            connector.stop();
        } catch (Exception failure) {
            throw new IllegalStateException("could not close the listening socket on port " + port + ": " + failure, failure);
        }
    }

    @Override
    public synchronized void listenAgain() {
        ServerConnector connector = connector();
        connector.setPort(port);
        try {
            connector.start();
        } catch (Exception failure) {
            throw new IllegalStateException("could not listen again on " + connector.getHost() + ":" + port
                    + " (" + failure.getMessage() + "); the site stays refusing connections", failure);
        }
    }

    private ServerConnector connector() {
        for (Connector connector : app.jettyServer().server().getConnectors()) {
            if (connector instanceof ServerConnector serverConnector) {
                return serverConnector;
            }
        }
        throw new IllegalStateException("the main server has no ServerConnector");
    }
}
