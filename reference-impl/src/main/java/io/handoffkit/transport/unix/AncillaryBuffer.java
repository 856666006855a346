package io.handoffkit.transport.unix;

import java.lang.reflect.Method;
import java.util.Optional;
import org.newsclub.net.unix.AFSocket;

/**
 * Sizes the buffer that receives a handoff connection's control messages ({@code SCM_RIGHTS}).
 *
 * <p>Why this exists: when a message carries more descriptors than the control buffer holds, the
 * kernel sets {@code MSG_CTRUNC}, installs the descriptors that fit into the receiving process and
 * discards the rest. junixsocket 2.10.1 turns {@code MSG_CTRUNC} into a
 * {@code SocketException("No buffer space available")} <em>without reporting the descriptors that
 * were installed</em>, so they could never be closed: a leak a peer can trigger at will. Its public
 * {@code setAncillaryReceiveBufferSize} always yields 256 bytes (room for 60 descriptors), whatever
 * size is asked for. Linux caps one {@code SCM_RIGHTS} message at 253 descriptors
 * ({@code SCM_MAX_FD}) and a stream socket returns the descriptors of at most one message per
 * read, so a buffer of {@link #NO_TRUNCATION_BYTES} makes truncation impossible there: every
 * descriptor that arrives is reported and can be closed.
 *
 * <p>junixsocket offers no public way to ask for that size, so {@link #size} first uses the
 * public call and then sets the exact size through junixsocket's package-private
 * {@code AncillaryDataSupport.setAncillaryReceiveBufferSize0}. When that reflective step is not
 * possible (a future junixsocket, a module system that forbids it), the public 256-byte buffer
 * stays in place and {@link #size} reports {@code false}; truncation is then still detected (the
 * read fails and the handoff is rejected), only its installed descriptors cannot be closed.
 */
public final class AncillaryBuffer {

    /** CMSG_SPACE(253 * 4) = 1032 on Linux, rounded up with room to spare. */
    public static final int NO_TRUNCATION_BYTES = 2048;

    private AncillaryBuffer() {}

    /** Give {@code socket} a control-message receive buffer of exactly {@code bytes}; true when that size is in place. */
    public static boolean size(AFSocket<?> socket, int bytes) {
        socket.setAncillaryReceiveBufferSize(bytes);
        if (socket.getAncillaryReceiveBufferSize() == bytes) {
            return true;
        }
        try {
            Optional<Accessors> found = accessors(socket);
            if (found.isEmpty()) {
                return false;
            }
            Accessors a = found.get();
            Object impl = a.impl().invoke(socket);
            a.setSize().invoke(a.support().invoke(impl), bytes);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
        return socket.getAncillaryReceiveBufferSize() == bytes;
    }

    /** The three package-private methods on the way to the buffer size. */
    private record Accessors(Method impl, Method support, Method setSize) {}

    /** Looked up once, on the first socket (every handoff stream accepted pays this otherwise: measured 10% of a backend's CPU). */
    private static volatile Optional<Accessors> accessors;

    private static Optional<Accessors> accessors(AFSocket<?> socket) {
        Optional<Accessors> known = accessors;
        if (known == null) {
            try {
                Method impl = find(AFSocket.class, "getAFImpl");
                Object implObject = impl.invoke(socket);
                Method support = find(implObject.getClass(), "getAncillaryDataSupport");
                Method setSize = find(support.invoke(implObject).getClass(), "setAncillaryReceiveBufferSize0", int.class);
                known = Optional.of(new Accessors(impl, support, setSize));
            } catch (ReflectiveOperationException | RuntimeException e) {
                known = Optional.empty();
            }
            accessors = known;
        }
        return known;
    }

    private static Method find(Class<?> type, String name, Class<?>... parameters) throws NoSuchMethodException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Method m = c.getDeclaredMethod(name, parameters);
                m.setAccessible(true);
                return m;
            } catch (NoSuchMethodException e) {
                // look in the superclass
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + name);
    }
}
