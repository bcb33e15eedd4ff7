package org.glassprobe.api.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;

/**
 * A connection for work that only reads ({@link Database#read}): a statement that would change
 * data fails at once with an {@link IllegalStateException} naming it. On H2 reads do not take the
 * writers' turn; a write slipped in among them would break what the turn guarantees.
 */
final class ReadOnly implements InvocationHandler {
    private static final Set<String> WRITES = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "CREATE", "ALTER",
            "DROP", "TRUNCATE", "SET");
    private static final Set<String> STATEMENT_EXECUTES = Set.of("execute", "executeUpdate", "executeLargeUpdate",
            "addBatch");

    private final Object target;

    private ReadOnly(Object target) {
        this.target = target;
    }

    static Connection wrap(Connection c) {
        return (Connection) Proxy.newProxyInstance(ReadOnly.class.getClassLoader(), new Class<?>[] {Connection.class},
                new ReadOnly(c));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if ((name.equals("prepareStatement") || name.equals("prepareCall")) && args != null
                && args[0] instanceof String sql) {
            refuseWrite(sql);
        }
        if (target instanceof Statement && STATEMENT_EXECUTES.contains(name) && args != null
                && args.length > 0 && args[0] instanceof String sql) {
            refuseWrite(sql);
        }
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (name.equals("createStatement") && result instanceof Statement statement) {
            return Proxy.newProxyInstance(ReadOnly.class.getClassLoader(), new Class<?>[] {Statement.class},
                    new ReadOnly(statement));
        }
        return result;
    }

    private static void refuseWrite(String sql) {
        String first = sql.strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        if (WRITES.contains(first)) {
            throw new IllegalStateException("a read-only store operation tried to write (" + first + "): " + sql
                    + "; run it with Database.transaction");
        }
    }
}
