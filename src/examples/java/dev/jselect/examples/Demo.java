package dev.jselect.examples;

import dev.jselect.internal.Abi;
import dev.jselect.internal.Platform;

/** The README's "run it" command: what jselect sees of this platform. */
public final class Demo {
    private Demo() {}

    public static void main(String[] args) {
        System.out.printf("jselect on %s/%s, Java %s%n", Platform.osName(), Platform.osArch(), Runtime.version());
        System.out.println("binding set: " + Platform.describe());
        if (!Platform.isSupported()) {
            return;
        }
        Abi abi = Platform.abi();
        System.out.println("FD_SETSIZE = " + Platform.constant("FD_SETSIZE") + ", PIPE_BUF = " + Platform.constant("PIPE_BUF"));
        for (String struct : new String[] {"fd_set", "pollfd", "epoll_event", "timeval", "sockaddr_in", "sockaddr_in6", "sockaddr_un"}) {
            System.out.printf("sizeof(%s) = %d%n", struct, abi.layout(struct).byteSize());
        }
    }
}
