package dev.jselect.os;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Proxy;
import java.util.function.IntConsumer;

/**
 * The JVM's {@code sun.misc.Signal} (module {@code jdk.unsupported}), reached through method
 * handles: javac reports every source reference to it as an internal proprietary API, a
 * warning no option or annotation silences in a module, and this is its one deliberate use.
 * Handlers are {@code sun.misc.SignalHandler} proxies, kept and passed back as Objects.
 */
final class JvmSignal {
    private static final Class<?> SIGNAL = load("sun.misc.Signal");
    private static final Class<?> HANDLER = load("sun.misc.SignalHandler");
    private static final MethodHandle NEW = find(() -> MethodHandles.publicLookup().findConstructor(SIGNAL, MethodType.methodType(void.class, String.class)));
    private static final MethodHandle NUMBER = find(() -> MethodHandles.publicLookup().findVirtual(SIGNAL, "getNumber", MethodType.methodType(int.class)));
    private static final MethodHandle HANDLE = find(() -> MethodHandles.publicLookup().findStatic(SIGNAL, "handle", MethodType.methodType(HANDLER, SIGNAL, HANDLER)));
    private static final MethodHandle SIG_IGN = find(() -> MethodHandles.publicLookup().findStaticGetter(HANDLER, "SIG_IGN", HANDLER));
    private static final MethodHandle RAISE = find(() -> MethodHandles.publicLookup().findStatic(SIGNAL, "raise", MethodType.methodType(void.class, SIGNAL)));

    private JvmSignal() {}

    private interface Lookup {
        MethodHandle find() throws ReflectiveOperationException;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static MethodHandle find(Lookup lookup) {
        try {
            return lookup.find();
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@code new Signal(name).getNumber()}; IllegalArgumentException for a name this platform lacks. */
    static int number(String name) {
        return (int) invoke(() -> NUMBER.invoke(NEW.invoke(name)));
    }

    /** {@code Signal.handle(new Signal(name), handler)}: the handler it replaces. */
    static Object handle(String name, Object handler) {
        return invoke(() -> HANDLE.invoke(NEW.invoke(name), handler));
    }

    /** {@code SignalHandler.SIG_IGN}. */
    static Object ignore() {
        return invoke(() -> SIG_IGN.invoke());
    }

    @SuppressWarnings("NullAway") // the Call's null stands for raise's void result and is never read
    static void raise(String name) {
        invoke(() -> {
            RAISE.invoke(NEW.invoke(name));
            return null;
        });
    }

    /** A {@code SignalHandler} that passes the signal's number to {@code action}. */
    static Object handler(IntConsumer action) {
        return Proxy.newProxyInstance(HANDLER.getClassLoader(), new Class<?>[] {HANDLER}, (proxy, method, args) -> switch (method.getName()) {
            case "handle" -> {
                action.accept((int) NUMBER.invoke(args[0]));
                yield null;
            }
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "jselect wakeup-fd handler";
        });
    }

    private interface Call {
        Object call() throws Throwable;
    }

    private static Object invoke(Call call) {
        try {
            return call.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
