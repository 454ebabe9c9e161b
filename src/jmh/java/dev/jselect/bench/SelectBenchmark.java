package dev.jselect.bench;

import dev.jselect.Select;
import dev.jselect.SelectResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * jselect's {@link Select#select} on the fixture of {@link SelectWaitBenchmark} (960 fds: see
 * there). Python's {@code select.select(rlist, [], [], 0)} with a list of int fds.
 */
public class SelectBenchmark extends WaitBenchmark {
    @Param("960")
    public int fds;

    private final List<Integer> rlist = new ArrayList<>();
    private final List<Integer> none = List.of();

    @Override
    protected int fds() {
        return fds;
    }

    @Override
    protected int register() throws IOException {
        rlist.clear();
        for (int fd : pipes.readFds) {
            rlist.add(fd);
        }
        return selectLists();
    }

    @Benchmark
    public int selectLists() throws IOException {
        SelectResult<Integer> r = Select.select(rlist, none, none, 0.0);
        return r.readable().size() == 1 ? r.readable().get(0) : -1 - r.readable().size();
    }
}
