package org.londiste4j.db;

import javax.net.SocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * pgjdbc's way into a Unix-domain socket, as libpq reaches {@code host=/dir} or an absent host: pgjdbc takes a
 * {@link SocketFactory} class name ({@code socketFactory}) and one string argument ({@code socketFactoryArg}), here
 * the socket folder. The port pgjdbc connects to picks the socket file, {@code <dir>/.s.PGSQL.<port>}, as libpq.
 *
 * <p>pgjdbc reads notifications by setting a 1 ms read timeout and peeking, so the socket honours
 * {@link Socket#setSoTimeout} with a selector rather than blocking forever.
 */
public final class UnixSocketFactory extends SocketFactory {
    private final String dir;

    public UnixSocketFactory(String dir) {
        this.dir = dir;
    }

    @Override
    public Socket createSocket() {
        return new UnixSocket(dir);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket s = createSocket();
        s.connect(new InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return createSocket(host.getHostAddress(), port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return createSocket(address, port);
    }

    /** The socket file of a server port in a folder, as libpq names it. */
    static Path socketFile(String dir, int port) {
        return Path.of(dir, ".s.PGSQL." + port);
    }

    /** A {@link Socket} face on a non-blocking Unix-domain {@link SocketChannel}. */
    static final class UnixSocket extends Socket {
        private final String dir;
        private SocketChannel channel;
        private Selector readSelector;
        private Selector writeSelector;
        private volatile int soTimeout;
        private boolean closed;

        UnixSocket(String dir) {
            this.dir = dir;
        }

        @Override
        public void connect(SocketAddress endpoint) throws IOException {
            connect(endpoint, 0);
        }

        @Override
        public synchronized void connect(SocketAddress endpoint, int timeout) throws IOException {
            int port = ((InetSocketAddress) endpoint).getPort();
            Path file = socketFile(dir, port);
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(file));
                ch.configureBlocking(false);
                readSelector = Selector.open();
                writeSelector = Selector.open();
                ch.register(readSelector, SelectionKey.OP_READ);
                ch.register(writeSelector, SelectionKey.OP_WRITE);
            } catch (IOException e) {
                ch.close();
                // a ConnectException, as for a TCP port nobody listens on: Db's hint depends on it
                var refused = new java.net.ConnectException("cannot connect to Unix-domain socket " + file + ": "
                        + e.getMessage());
                refused.initCause(e);
                throw refused;
            }
            channel = ch;
        }

        @Override
        public boolean isConnected() {
            return channel != null && channel.isConnected();
        }

        @Override
        public synchronized boolean isClosed() {
            return closed;
        }

        @Override
        public void setSoTimeout(int timeout) {
            soTimeout = timeout;
        }

        @Override
        public int getSoTimeout() {
            return soTimeout;
        }

        // TCP options mean nothing on a Unix-domain socket: accepted and ignored, as libpq does
        @Override
        public void setTcpNoDelay(boolean on) {
        }

        @Override
        public void setKeepAlive(boolean on) {
        }

        @Override
        public void setReceiveBufferSize(int size) {
        }

        @Override
        public void setSendBufferSize(int size) {
        }

        @Override
        public InputStream getInputStream() {
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    int n = read(one, 0, 1);
                    return n < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (len == 0) {
                        return 0;
                    }
                    ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                    while (true) {
                        int n = channel.read(buf);
                        if (n != 0) {
                            return n;
                        }
                        int timeout = soTimeout;
                        readSelector.selectedKeys().clear();
                        if (readSelector.select(timeout) == 0 && timeout > 0) {
                            throw new SocketTimeoutException("read timed out");
                        }
                    }
                }

                @Override
                public int available() throws IOException {
                    return 0;
                }

                @Override
                public void close() throws IOException {
                    UnixSocket.this.close();
                }
            };
        }

        @Override
        public OutputStream getOutputStream() {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                    while (buf.hasRemaining()) {
                        if (channel.write(buf) == 0) {
                            writeSelector.selectedKeys().clear();
                            writeSelector.select();
                        }
                    }
                }

                @Override
                public void close() throws IOException {
                    UnixSocket.this.close();
                }
            };
        }

        @Override
        public synchronized void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (readSelector != null) {
                    readSelector.close();
                    writeSelector.close();
                }
            } finally {
                if (channel != null) {
                    channel.close();
                }
            }
        }
    }
}
