package dev.jselect.bench;

import dev.jselect.net.NativeSocket;
import dev.jselect.net.SocketPair;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A paired companion to {@link DataPathBenchmark} for a machine shared with other work: the
 * array and direct-buffer forms of one call alternate in batches of {@link #BATCH}, each batch
 * timed in this thread's CPU time (not wall time, which other processes stretch), and the
 * ratio of the two medians is printed per call and size.
 *
 * <p>{@code java -cp <test class path> dev.jselect.bench.DataPathCpuRatio [rounds]}
 */
public final class DataPathCpuRatio {
    static final int BATCH = 16;

    private DataPathCpuRatio() {}

    interface CpuClock {
        long getCurrentThreadCpuTime() throws Exception;
    }

    interface Op {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        Method cpu = Class.forName("java.lang.management.ThreadMXBean").getMethod("getCurrentThreadCpuTime");
        CpuClock mx = () -> (long) cpu.invoke(bean); // reflectively: the test module does not read java.management
        System.out.println("| call | bytes | array ns (CPU, median) | direct ns (CPU, median) | array / direct |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (int size : new int[] {64, 1024, 65536}) {
            try (SocketPair pair = NativeSocket.socketpair()) {
                NativeSocket out = pair.first();
                NativeSocket in = pair.second();
                for (NativeSocket s : new NativeSocket[] {out, in}) {
                    s.setSockOpt(NativeSocket.SOL_SOCKET, NativeSocket.SO_SNDBUF, 4 << 20);
                    s.setSockOpt(NativeSocket.SOL_SOCKET, NativeSocket.SO_RCVBUF, 4 << 20);
                }
                byte[] array = new byte[size];
                ByteBuffer direct = ByteBuffer.allocateDirect(size);
                ByteBuffer batch = ByteBuffer.allocateDirect(BATCH * size);
                Op drain = () -> {
                    batch.clear();
                    while (batch.hasRemaining()) {
                        in.recvInto(batch);
                    }
                };
                Op fill = () -> out.sendAll(batch.clear());
                int n = size;
                report(mx, rounds, "send", size,
                        () -> out.send(array), () -> out.send(direct.clear()), null, drain);
                report(mx, rounds, "recv", size,
                        () -> in.recv(n), () -> in.recvInto(direct.clear()), fill, null);
                report(mx, rounds, "recvInto", size,
                        () -> in.recvInto(array), () -> in.recvInto(direct.clear()), fill, null);
            }
        }
    }

    private static void report(CpuClock mx, int rounds, String call, int size, Op array, Op direct, Op before, Op after)
            throws Exception {
        long[] a = new long[rounds];
        long[] d = new long[rounds];
        for (int r = -rounds / 5; r < rounds; r++) { // the first fifth warms up
            long ta = batch(mx, array, before, after);
            long td = batch(mx, direct, before, after);
            if (r >= 0) {
                a[r] = ta;
                d[r] = td;
            }
        }
        Arrays.sort(a);
        Arrays.sort(d);
        double ma = a[rounds / 2] / (double) BATCH;
        double md = d[rounds / 2] / (double) BATCH;
        System.out.printf("| %s | %d | %.0f | %.0f | %.2f |%n", switch (call) {
            case "recv" -> "recv(n) new array";
            case "recvInto" -> "recvInto(byte[])";
            default -> "send(byte[])";
        }, size, ma, md, ma / md);
    }

    private static long batch(CpuClock mx, Op op, Op before, Op after) throws Exception {
        if (before != null) {
            before.run();
        }
        long t0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < BATCH; i++) {
            op.run();
        }
        long t = mx.getCurrentThreadCpuTime() - t0;
        if (after != null) {
            after.run();
        }
        return t;
    }
}
