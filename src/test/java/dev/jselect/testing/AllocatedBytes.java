package dev.jselect.testing;

import java.lang.reflect.Method;

/**
 * The bytes of Java heap this thread has allocated so far:
 * {@code com.sun.management.ThreadMXBean.getThreadAllocatedBytes}. Called reflectively because
 * the module under test does not read {@code jdk.management} (and should not, for a test).
 */
public final class AllocatedBytes {
    private static final Object BEAN;
    private static final Method ALLOCATED;

    static {
        Object bean = null;
        Method allocated = null;
        try {
            bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            Class<?> type = Class.forName("com.sun.management.ThreadMXBean");
            if (type.isInstance(bean) && (boolean) type.getMethod("isThreadAllocatedMemoryEnabled").invoke(bean)) {
                allocated = type.getMethod("getThreadAllocatedBytes", long.class);
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            // no jdk.management in this runtime: isSupported() says so
        }
        BEAN = bean;
        ALLOCATED = allocated;
    }

    private AllocatedBytes() {}

    /** False on a JVM without HotSpot's per-thread allocation counter. */
    public static boolean isSupported() {
        return ALLOCATED != null;
    }

    /** The current thread's allocated bytes, a monotonic counter. */
    public static long ofCurrentThread() {
        try {
            return (long) ALLOCATED.invoke(BEAN, Thread.currentThread().threadId());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
