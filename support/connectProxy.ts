import * as http from "http";
import * as net from "net";

/** A running CONNECT proxy and the tunnels it opened ("host:port", plus the Proxy-Authorization it got). */
export interface ConnectProxy {
    port: number;
    tunnels: string[];
    close(): Promise<void>;
}

/**
 * A minimal HTTP CONNECT proxy on 127.0.0.1 for tests of kubeconfig `proxy-url`: test
 * infrastructure (a byte pipe that records each tunnel), not a stand-in for anything under test.
 */
export async function startConnectProxy(): Promise<ConnectProxy> {
    const tunnels: string[] = [];
    const sockets = new Set<net.Socket>();
    const server = http.createServer((_req, res) => res.writeHead(405).end("CONNECT only"));
    server.on("connect", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
        tunnels.push(`${req.url} ${req.headers["proxy-authorization"] ?? ""}`.trim());
        const [host, port] = String(req.url).split(":");
        const upstream = net.connect(Number(port), host, () => {
            client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
            upstream.write(head);
            upstream.pipe(client);
            client.pipe(upstream);
        });
        for (const s of [client, upstream]) {
            sockets.add(s);
            s.on("close", () => sockets.delete(s));
        }
        upstream.on("error", () => client.destroy());
        client.on("error", () => upstream.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        port: (server.address() as net.AddressInfo).port,
        tunnels,
        close: () =>
            new Promise<void>((resolve) => {
                sockets.forEach((s) => s.destroy());
                server.close(() => resolve());
            }),
    };
}
