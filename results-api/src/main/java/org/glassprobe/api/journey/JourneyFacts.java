package org.glassprobe.api.journey;

/**
 * What one result says about its check's journey and is kept: the object its writer published,
 * or its reader's fresh read. Exactly one is set.
 */
public record JourneyFacts(JourneyObject published, JourneyRead read) {
    public JourneyFacts {
        if ((published == null) == (read == null)) {
            throw new IllegalArgumentException("a result publishes an object or reads one, not both or neither");
        }
    }

    public static JourneyFacts published(JourneyObject object) {
        return new JourneyFacts(object, null);
    }

    public static JourneyFacts read(JourneyRead read) {
        return new JourneyFacts(null, read);
    }
}
