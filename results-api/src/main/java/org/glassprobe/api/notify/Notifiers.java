package org.glassprobe.api.notify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The notifier kinds, registered in one explicit list in Main; two with the same name are refused. */
public final class Notifiers {
    private final Map<String, Notifier> byKind;

    public Notifiers(List<Notifier> notifiers) {
        Map<String, Notifier> map = new LinkedHashMap<>();
        for (Notifier n : notifiers) {
            if (map.putIfAbsent(n.kind(), n) != null) {
                throw new IllegalArgumentException("two notifiers are of kind " + n.kind());
            }
        }
        this.byKind = java.util.Collections.unmodifiableMap(map); // in the list's order, as errors name them
    }

    public Optional<Notifier> of(String kind) {
        return Optional.ofNullable(byKind.get(kind));
    }

    public Set<String> kinds() {
        return byKind.keySet();
    }
}
