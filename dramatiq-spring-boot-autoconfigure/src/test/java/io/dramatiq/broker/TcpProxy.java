package io.dramatiq.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a port of the loopback interface in front of a real server, to take the
 * server away from a client and give it back: {@link #stop()} closes every connection
 * through it and refuses new ones, as a server that went down; {@link #start()} accepts
 * connections again on the same port. The shared servers of the tests are never stopped.
 */
public final class TcpProxy implements AutoCloseable {

	private final String targetHost;

	private final int targetPort;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private int port;

	private ServerSocket listener;

	/**
	 * Create a proxy; it listens once started.
	 * @param targetHost the server's host
	 * @param targetPort the server's port
	 */
	public TcpProxy(String targetHost, int targetPort) {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
	}

	/**
	 * Start accepting connections, on a free port the first time and on the same port
	 * afterwards.
	 * @return this proxy
	 * @throws IOException if the port cannot be bound
	 */
	public synchronized TcpProxy start() throws IOException {
		ServerSocket socket = new ServerSocket();
		socket.setReuseAddress(true);
		socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
		this.port = socket.getLocalPort();
		this.listener = socket;
		Thread acceptor = new Thread(() -> accept(socket), "tcp-proxy-" + this.port);
		acceptor.setDaemon(true);
		acceptor.start();
		return this;
	}

	/**
	 * Return the port clients connect to.
	 * @return the port
	 */
	public synchronized int port() {
		return this.port;
	}

	/**
	 * Close every connection through the proxy and stop accepting new ones: clients see
	 * their connections reset and new ones refused.
	 */
	public synchronized void stop() {
		closeQuietly(this.listener);
		this.listener = null;
		for (Socket socket : this.sockets) {
			closeQuietly(socket);
		}
		this.sockets.clear();
	}

	@Override
	public void close() {
		stop();
	}

	private void accept(ServerSocket socket) {
		while (!socket.isClosed()) {
			try {
				Socket client = socket.accept();
				Socket server = new Socket(this.targetHost, this.targetPort);
				synchronized (this) {
					if (this.listener != socket) {
						// stopped meanwhile
						closeQuietly(client);
						closeQuietly(server);
						continue;
					}
					this.sockets.add(client);
					this.sockets.add(server);
				}
				pump(client, server);
				pump(server, client);
			}
			catch (IOException ex) {
				// stopped
			}
		}
	}

	private void pump(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// one side closed
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				this.sockets.remove(from);
				this.sockets.remove(to);
			}
		}, "tcp-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(AutoCloseable closeable) {
		if (closeable == null) {
			return;
		}
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// already closed
		}
	}

}
