package org.glassprobe.scenarios.script;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;

/**
 * A scenario script compiled in memory: its classes, in a class loader of their own. Where a
 * script is only kept and handed on (the results API), it is {@linkplain #checked checked} but not
 * compiled, and cannot run.
 */
public final class CompiledScript {
    private final String className;
    private final ScriptClassLoader loader;
    private final Class<? extends Scenario> type;

    CompiledScript(String className, Map<String, byte[]> classes, Class<? extends Scenario> type,
            ScriptClassLoader loader) {
        this.className = className;
        this.loader = loader;
        this.type = type;
    }

    /** A script whose syntax and Scenario class were checked, without compiling it. */
    static CompiledScript checked(String className) {
        return new CompiledScript(className, Map.of(), null, null);
    }

    /** Whether the script was compiled and can run; false where it was only checked. */
    public boolean runnable() {
        return type != null;
    }

    static CompiledScript load(String className, Map<String, byte[]> classes) throws ClassNotFoundException {
        ScriptClassLoader loader = new ScriptClassLoader(classes);
        Class<?> type = Class.forName(className, false, loader);
        return new CompiledScript(className, classes, type.asSubclass(Scenario.class), loader);
    }

    /** The class implementing {@link Scenario}. */
    public String className() {
        return className;
    }

    /** A new instance for one attempt; a constructor that throws is the script's failure. */
    Scenario newInstance() throws ReflectiveOperationException {
        if (type == null) {
            throw new IllegalStateException("the script " + className + " was checked, not compiled: read it with"
                    + " CheckLanguage.parse (as a probe does) to run it");
        }
        try {
            return type.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** Whether a class (named in a stack trace) is one of the script's. */
    boolean defines(String name) {
        return loader != null && loader.defines(name);
    }

    /** Loads the script's classes from memory; everything else (glassprobe, Playwright, OkHttp) from the probe. */
    static final class ScriptClassLoader extends ClassLoader {
        private final Map<String, byte[]> classes;

        ScriptClassLoader(Map<String, byte[]> classes) {
            super("glassprobe-script", Scenario.class.getClassLoader());
            this.classes = Map.copyOf(classes);
        }

        boolean defines(String name) {
            return classes.containsKey(name);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classes.get(name);
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
