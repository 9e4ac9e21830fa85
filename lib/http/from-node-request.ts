import type { IncomingMessage } from 'node:http';
import type { ApiRequest } from './api-request';
import { readCappedText } from './read-body-text';

/**
 * A Node request as an endpoint reads it (`ApiRequest`), without building a web `Request`. Headers are read from
 * the raw list, so that a header sent twice reads as `Headers.get` reads it. A body over the cap is left unread on
 * the connection, which the server then closes after its answer (`writeAnswer`).
 */
export function fromNodeRequest(req: IncomingMessage): ApiRequest {
  return new NodeApiRequest(req);
}

// Methods on the prototype, not closures made for each request: the empty-route floor counts every allocation.
class NodeApiRequest implements ApiRequest {
  readonly method: string;

  constructor(private readonly req: IncomingMessage) {
    this.method = req.method ?? '';
  }

  header(name: string): string | null {
    const wanted = name.toLowerCase();
    let value: string | null = null;
    const raw = this.req.rawHeaders;
    for (let index = 0; index + 1 < raw.length; index += 2) {
      if ((raw[index] as string).toLowerCase() !== wanted) continue;
      const next = raw[index + 1] as string;
      value = value === null ? next : `${value}, ${next}`;
    }
    return value;
  }

  readBody(maxBytes: number): Promise<string | null> {
    // Not destroyed on an early return: the socket must stay open for the answer.
    return readCappedText(this.req.headers['content-length'], this.req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>, maxBytes);
  }
}
