package org.glassprobe.api.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import okhttp3.Dns;

/**
 * Where webhooks may be sent: by default only to public addresses, so that a webhook cannot make
 * the API call its own host, the cloud's metadata service (169.254.169.254) or a private network
 * and echo what answered. {@code webhooks.allow-private-targets} lifts it for set-ups on one
 * machine or one network (the one-command local network does). Applied when a webhook is created
 * and again to the very addresses each delivery connects to, after DNS resolution (a name that
 * resolves elsewhere later is caught then).
 */
public final class TargetPolicy implements Dns {
    public static final String SETTING = "webhooks.allow-private-targets";

    private final boolean allowPrivate;
    private final Dns resolver;

    /** Thrown when a host is, or resolves to, an address the policy refuses. */
    public static final class RefusedTarget extends UnknownHostException {
        private static final long serialVersionUID = 1L;

        RefusedTarget(String message) {
            super(message);
        }
    }

    public TargetPolicy(boolean allowPrivate, Dns resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    public TargetPolicy(boolean allowPrivate) {
        this(allowPrivate, Dns.SYSTEM);
    }

    /** Resolves the host and refuses it when any of its addresses is not public (unless allowed). */
    @Override
    public List<InetAddress> lookup(String host) throws UnknownHostException {
        List<InetAddress> addresses = resolver.lookup(host);
        if (!allowPrivate) {
            for (InetAddress a : addresses) {
                Optional<String> why = notPublic(a);
                if (why.isPresent()) {
                    throw new RefusedTarget(refusal(host, a, why.get()));
                }
            }
        }
        return addresses;
    }

    /**
     * Why the URL's host may not be a webhook's target, if it may not: a literal address that is
     * not public, or a name that resolves to one. A name that does not resolve now is let through
     * (it is checked again at each delivery).
     */
    public Optional<String> problem(String host) {
        if (allowPrivate) {
            return Optional.empty();
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            lookup(bare);
            return Optional.empty();
        } catch (RefusedTarget e) {
            return Optional.of(e.getMessage());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Checks a literal IP host (OkHttp does not ask the resolver for those). */
    void checkLiteral(String host) throws RefusedTarget {
        if (allowPrivate || !looksLikeAddress(host)) {
            return;
        }
        try {
            InetAddress a = InetAddress.getByName(host); // a literal: no lookup happens
            Optional<String> why = notPublic(a);
            if (why.isPresent()) {
                throw new RefusedTarget(refusal(host, a, why.get()));
            }
        } catch (RefusedTarget e) {
            throw e;
        } catch (UnknownHostException e) {
            // not an address after all
        }
    }

    private static boolean looksLikeAddress(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private static String refusal(String host, InetAddress a, String why) {
        return "'" + host + "' is " + (host.equals(a.getHostAddress()) ? "" : "at ") + a.getHostAddress() + ", "
                + why + ": webhooks go only to public addresses unless " + SETTING + " is true (for a set-up on"
                + " one machine or a private network)";
    }

    /** Why an address is not a public one, if it is not. */
    static Optional<String> notPublic(InetAddress a) {
        if (a.isAnyLocalAddress()) {
            return Optional.of("the unspecified address");
        }
        if (a.isLoopbackAddress()) {
            return Optional.of("a loopback address (this machine)");
        }
        if (a.isLinkLocalAddress()) {
            return Optional.of("a link-local address (such as a cloud metadata service)");
        }
        if (a.isSiteLocalAddress()) {
            return Optional.of("a private address");
        }
        if (a.isMulticastAddress()) {
            return Optional.of("a multicast address");
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0 || (first == 100 && second >= 64 && second < 128) || (first == 192 && second == 0
                    && (b[2] & 0xff) == 0) || (first == 198 && (second == 18 || second == 19)) || first >= 240) {
                return Optional.of("a reserved or shared address");
            }
        } else if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return Optional.of("a private (unique local) address");
            }
            if (isMappedOrCompatible(b)) {
                try {
                    return notPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException e) {
                    return Optional.of("an address that cannot be read");
                }
            }
        }
        return Optional.empty();
    }

    /** An IPv6 address that carries an IPv4 one (::ffff:a.b.c.d, ::a.b.c.d, 64:ff9b::a.b.c.d). */
    private static boolean isMappedOrCompatible(byte[] b) {
        boolean zeros = true;
        for (int i = 0; i < 10; i++) {
            zeros &= b[i] == 0;
        }
        boolean mapped = zeros && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeros && b[10] == 0 && b[11] == 0;
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        return mapped || compatible || nat64;
    }
}
