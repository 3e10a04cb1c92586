/**
 * Does the program on a port speak HTTP/2, as every gRPC server (Temporal's)
 * does? Asked when a connection to the dev server's port fails in a way that is
 * not "refused": the client's own transport error races with the peer hanging up
 * (an HTTP/1 server answers 400 and closes, and the client may see a protocol
 * error or only a broken pipe), so its message alone cannot tell. A server that
 * speaks HTTP/2 sends its SETTINGS frame first, whatever it thinks of the client.
 */
import net from 'node:net';

/** The client connection preface (RFC 9113 §3.4) and an empty SETTINGS frame. */
const PREFACE = Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1'), Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])]);
const SETTINGS_FRAME_TYPE = 4;
const FRAME_HEADER_BYTES = 9;

/** `http2`: its first frame is SETTINGS; `other`: it answered otherwise, hung up or kept silent; `nothing`: no connection. */
export type Http2Probe = 'http2' | 'other' | 'nothing';

export function probeHttp2(host: string, port: number, timeoutMs = 2000): Promise<Http2Probe> {
  return new Promise((resolve) => {
    let received = Buffer.alloc(0);
    let connected = false;
    const socket = net.connect({ host, port });
    const done = (answer: Http2Probe): void => {
      socket.destroy();
      clearTimeout(timer);
      resolve(answer);
    };
    // A Temporal server answers at once; silence for this long is something else.
    const timer = setTimeout(() => done(connected ? 'other' : 'nothing'), timeoutMs);
    socket.on('connect', () => {
      connected = true;
      socket.write(PREFACE);
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= FRAME_HEADER_BYTES) done(received[3] === SETTINGS_FRAME_TYPE && received.readUInt32BE(5) === 0 ? 'http2' : 'other');
    });
    socket.on('error', () => done(connected ? 'other' : 'nothing'));
    socket.on('close', () => done(connected ? 'other' : 'nothing'));
  });
}
