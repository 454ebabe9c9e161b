/** jselect: Python's select and selectors modules for Java, on the Foreign Function and Memory API. */
module dev.jselect {
    requires org.slf4j;
    requires static transitive org.jspecify; // @NullMarked, @Nullable on the API: read by consumers' compilers, not needed at run time
    requires jdk.unsupported; // sun.misc.Signal, for os.Signals
    requires jdk.jfr; // the dev.jselect.Wait, SocketRead and SocketWrite Flight Recorder events

    exports dev.jselect;
    exports dev.jselect.os;
    exports dev.jselect.net;
    exports dev.jselect.selectors;
}
