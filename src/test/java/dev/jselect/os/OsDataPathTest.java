package dev.jselect.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.internal.Staging;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Os.write of slices and buffers, Os.readInto, and what one call stages, over real pipes. */
class OsDataPathTest {
    @Test
    void writeOfASliceSendsJustThatSlice() throws Exception {
        try (Pipe p = Os.pipe()) {
            byte[] data = "0123456789".getBytes();
            assertEquals(4, Os.write(p.writeFd(), data, 3, 4));
            assertArrayEquals("3456".getBytes(), Os.read(p.readFd(), 100));
            assertEquals(0, Os.write(p.writeFd(), data, 10, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> Os.write(p.writeFd(), data, 8, 3));
            assertThrows(IndexOutOfBoundsException.class, () -> Os.write(p.writeFd(), data, -1, 1));
        }
    }

    @Test
    void writeAndReadIntoBuffersMoveTheirPositions() throws Exception {
        try (Pipe p = Os.pipe()) {
            ByteBuffer heap = ByteBuffer.wrap("heap!".getBytes()).position(1);
            assertEquals(4, Os.write(p.writeFd(), heap));
            assertEquals(5, heap.position());
            ByteBuffer direct = ByteBuffer.allocateDirect(8).put("dir".getBytes()).flip();
            assertEquals(3, Os.write(p.writeFd(), direct));
            assertEquals(3, direct.position());

            ByteBuffer in = ByteBuffer.allocate(16).position(2);
            assertEquals(7, Os.readInto(p.readFd(), in));
            assertEquals(9, in.position());
            assertEquals("eap!dir", new String(in.array(), 2, 7));

            Os.write(p.writeFd(), "xyz".getBytes());
            ByteBuffer directIn = ByteBuffer.allocateDirect(2);
            assertEquals(2, Os.readInto(p.readFd(), directIn), "no further than the limit");
            assertEquals(1, Os.readInto(p.readFd(), ByteBuffer.allocateDirect(4)));
            assertThrows(IllegalArgumentException.class, () -> Os.readInto(p.readFd(), ByteBuffer.allocate(1).asReadOnlyBuffer()));
            Os.close(p.writeFd());
            assertEquals(0, Os.readInto(p.readFd(), ByteBuffer.allocate(4)), "0 at end of file");
        }
    }

    @Test
    void oneCallStagesAtMostTheLimitAndTheRestIsWrittenByTheNext() throws Exception {
        byte[] data = new byte[Staging.LIMIT * 2 + 5];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 13);
        }
        try (Pipe p = Os.pipe()) {
            Os.setBlocking(p.writeFd(), false);
            int wrote = Os.write(p.writeFd(), data);
            assertTrue(wrote > 0 && wrote <= Staging.LIMIT, "a short count: " + wrote);
            byte[] got = Os.read(p.readFd(), Integer.MAX_VALUE);
            assertTrue(got.length <= Staging.LIMIT);
            assertArrayEquals(Arrays.copyOf(data, got.length), got, "an exact-length array");
        }
    }
}
