package dev.jselect.bench.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

/**
 * The keep-alive "Hello, world!" server on Netty's native epoll transport: one event loop
 * ({@code EpollEventLoopGroup(1)}) accepts and serves every connection. The handler scans bytes
 * with the same {@link KeepAliveHttp#next} as the other servers instead of Netty's HTTP codec,
 * so that the load test compares the event loops, not the parsers.
 */
public final class NettyHttpServer {
    private static final ByteBuf RESPONSE =
            Unpooled.unreleasableBuffer(Unpooled.directBuffer(KeepAliveHttp.RESPONSE.length).writeBytes(KeepAliveHttp.RESPONSE));

    private NettyHttpServer() {}

    public static void main(String[] args) throws InterruptedException {
        int port = KeepAliveHttp.port(args);
        long lifetime = KeepAliveHttp.lifetimeNanos(args);
        io.netty.channel.epoll.Epoll.ensureAvailability();
        EventLoopGroup loop = new EpollEventLoopGroup(1);
        try {
            Channel server = new ServerBootstrap()
                    .group(loop)
                    .channel(EpollServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, KeepAliveHttp.BACKLOG)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new Hello());
                        }
                    })
                    .bind(InetAddress.getLoopbackAddress(), port).sync().channel();
            KeepAliveHttp.listening("Netty epoll", port);
            server.closeFuture().await(lifetime, TimeUnit.NANOSECONDS);
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    /** One per connection: answers each complete request head, flushes once per read burst. */
    private static final class Hello extends ChannelInboundHandlerAdapter {
        private int state;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                for (int i = in.readerIndex(), end = in.writerIndex(); i < end; i++) {
                    state = KeepAliveHttp.next(state, in.getByte(i));
                    if (state == KeepAliveHttp.END_OF_REQUEST) {
                        state = 0;
                        ctx.write(RESPONSE.duplicate(), ctx.voidPromise());
                    }
                }
            } finally {
                in.release();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // reset by the client (the idle holder closes with SO_LINGER 0)
        }
    }
}
