package dev.jselect.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import org.jspecify.annotations.Nullable;

/**
 * {@code dev.jselect.SocketWrite}: one send or sendto of a NativeSocket (each pass of a sendall's
 * loop), with the fields of the JDK's {@code jdk.SocketWrite}.
 */
@Name("dev.jselect.SocketWrite")
@Label("jselect Socket Write")
@Category({"jselect", "Sockets"})
@Description("Writing data to a socket")
@Enabled
@StackTrace
@Threshold("20 ms")
final class SocketWriteEvent extends jdk.jfr.Event {
    @Label("Remote Host")
    @Nullable String host;

    @Label("Remote Address")
    @Nullable String address;

    @Label("Remote Port")
    int port;

    @Label("Bytes Written")
    @Description("Number of bytes written to the socket")
    @DataAmount
    long bytesWritten;
}
