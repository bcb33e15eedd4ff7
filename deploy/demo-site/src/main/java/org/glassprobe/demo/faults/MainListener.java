package org.glassprobe.demo.faults;

/** The main port's listening socket, closed and reopened by the {@code refuse} fault. */
public interface MainListener {

    /** Closes the listening socket (and the connections on it): a connect then gets ECONNREFUSED. */
    void stopListening();

    /**
     * Listens again on the same port as before.
     *
     * @throws IllegalStateException when the port cannot be bound again
     */
    void listenAgain();
}
