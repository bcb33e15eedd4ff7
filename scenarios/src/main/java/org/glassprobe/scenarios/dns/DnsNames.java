package org.glassprobe.scenarios.dns;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a dns step's name and server may be, checked the same way when the check is read (for
 * values without variables) and when it runs (after variables are filled in). Reads text only:
 * no look-up happens here.
 */
final class DnsNames {
    static final String NAME_RULE = "write labels of letters, digits, - and _ separated by dots, each at most 63"
            + " characters and at most 253 in all, e.g. www.example.org (an internationalised name in its xn-- form)";
    static final String SERVER_RULE = "write an IP address or a host name with an optional port, e.g. 127.0.0.1:5353,"
            + " [::1]:53 or ns1.example.org (port 53 when none is given)";
    static final int DEFAULT_PORT = 53;

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_-]{1,63}");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private DnsNames() {}

    /** Whether the text is a name a query can ask for ({@code .} is the root). */
    static boolean isName(String text) {
        if (text.equals(".")) {
            return true;
        }
        String name = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** A server written as {@code host}, {@code host:port}, {@code [v6]:port} or a bare IPv6 address. */
    record Server(String host, int port) {
        /** As written in messages and results: {@code 127.0.0.1:5353}, {@code [::1]:53}. */
        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** An IPv6 literal; the JDK reads one without a look-up (a text with a colon is never a host name to it). */
    private static boolean isIpv6(String host) {
        if (!IPV6.matcher(host).matches()) {
            return false;
        }
        try {
            java.net.InetAddress.getByName(host);
            return true;
        } catch (java.net.UnknownHostException notAnAddress) {
            return false;
        }
    }

    /** The server the text names, or empty when it names none. */
    static Optional<Server> server(String text) {
        String host;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return Optional.empty();
                }
                port = rest.substring(1);
            }
            if (!isIpv6(host)) {
                return Optional.empty();
            }
        } else if (text.indexOf(':') != text.lastIndexOf(':')) {
            host = text; // a bare IPv6 address has no port
            if (!isIpv6(host)) {
                return Optional.empty();
            }
        } else {
            int colon = text.lastIndexOf(':');
            host = colon < 0 ? text : text.substring(0, colon);
            port = colon < 0 ? null : text.substring(colon + 1);
            boolean numeric = host.matches("[0-9.]+");
            if (numeric ? !IPV4.matcher(host).matches() : !isName(host) || host.equals(".")) {
                return Optional.empty();
            }
        }
        int number = DEFAULT_PORT;
        if (port != null) {
            if (!port.matches("\\d{1,5}")) {
                return Optional.empty();
            }
            number = Integer.parseInt(port);
            if (number < 1 || number > 65535) {
                return Optional.empty();
            }
        }
        return Optional.of(new Server(host, number));
    }
}
