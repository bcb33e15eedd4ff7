package org.glassprobe.scenarios.parse;

import java.util.ArrayList;
import java.util.List;

/** Collects problems while a file is read, so that one run reports all of them. */
public final class Problems {
    private final String file;
    private final List<Problem> found = new ArrayList<>();

    public Problems(String file) {
        this.file = file;
    }

    public String file() {
        return file;
    }

    /** Records a problem at a node: its line, column and key path. */
    public void at(YamlNode node, String message) {
        found.add(new Problem(file, node.line(), node.column(), node.path(), message));
    }

    /** Records a problem at a key (for unknown or duplicate keys, where the key is what is wrong). */
    public void atKey(YamlNode key, String path, String message) {
        found.add(new Problem(file, key.line(), key.column(), path, message));
    }

    public void inFile(String message) {
        found.add(new Problem(file, 0, 0, "", message));
    }

    public void add(Problem problem) {
        found.add(problem);
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public int size() {
        return found.size();
    }

    public List<Problem> list() {
        return List.copyOf(found);
    }

    public void throwIfAny() throws InvalidCheckException {
        if (!found.isEmpty()) {
            throw new InvalidCheckException(found);
        }
    }
}
