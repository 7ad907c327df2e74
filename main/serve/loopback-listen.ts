// Both HTTP listeners (the app's API and the OTLP receiver) bind 127.0.0.1 only and accept only
// requests addressed to that address by name or number: a page on another site cannot reach them
// through DNS rebinding, because its Host header names its own domain.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function listenOnLoopback(server: Server, port = 0): Promise<{ port: number; hosts: Set<string> }> {
  await new Promise<void>((ok, err) => {
    server.once('error', err);
    server.listen(port, '127.0.0.1', () => ok());
  });
  const bound = (server.address() as AddressInfo).port;
  return { port: bound, hosts: new Set([`127.0.0.1:${bound}`, `localhost:${bound}`]) };
}
