package dev.jselect.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;
import org.jspecify.annotations.Nullable;

/** {@code dev.jselect.SocketRead}: one recv or recvfrom of a NativeSocket, with the fields of the JDK's {@code jdk.SocketRead}. */
@Name("dev.jselect.SocketRead")
@Label("jselect Socket Read")
@Category({"jselect", "Sockets"})
@Description("Reading data from a socket")
@Enabled
@StackTrace
@Threshold("20 ms")
final class SocketReadEvent extends jdk.jfr.Event {
    @Label("Remote Host")
    @Nullable String host;

    @Label("Remote Address")
    @Nullable String address;

    @Label("Remote Port")
    int port;

    @Label("Timeout Value")
    @Description("The socket's timeout (settimeout); 0 when it has none, blocking or non-blocking, as for the JDK's sockets")
    @Timespan(Timespan.MILLISECONDS)
    long timeout;

    @Label("Bytes Read")
    @Description("Number of bytes read from the socket")
    @DataAmount
    long bytesRead;

    @Label("End of Stream")
    @Description("If end of stream was reached")
    boolean endOfStream;
}
