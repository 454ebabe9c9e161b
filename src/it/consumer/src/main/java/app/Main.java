package app;

import dev.jselect.os.Os;
import dev.jselect.os.Pipe;
import dev.jselect.selectors.BaseSelector;
import dev.jselect.selectors.SelectedKey;
import dev.jselect.selectors.Selectors;
import java.util.List;

/** One selector round on a pipe: what a consumer's first program does. Prints "ok" on stdout. */
public final class Main {
    public static void main(String[] args) throws Exception {
        try (Pipe pipe = Os.pipe(); BaseSelector sel = Selectors.open()) {
            Os.write(pipe.writeFd(), new byte[] {'x'});
            sel.register((dev.jselect.HasFileno) pipe::readFd, Selectors.EVENT_READ);
            List<SelectedKey> ready = sel.select(1.0);
            if (ready.size() != 1 || Os.read(pipe.readFd(), 16).length != 1) {
                throw new AssertionError("expected one readable pipe, got " + ready);
            }
            System.out.println("ok");
        }
    }
}
