/**
 * A small HTTP router for the simulators, on node:http. Routes are templates such as
 * `/v2/crm/accounts/{id}`; the template (with the method) is the route key used for request
 * counters, rate limits and fault rules, exactly like a real API gateway would key them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SimRequest {
  method: string;
  /** Path as received, without the query string. */
  path: string;
  /** `GET /v2/crm/accounts/{id}` */
  routeKey: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Raw body text. */
  rawBody: string;
  /** Body parsed by content type: JSON value, or a key → value record for forms. */
  body: unknown;
  contentType: string;
  /** Absolute URL of this request as the client addressed it (for JSON:API links). */
  url: URL;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless it is a string. `undefined` sends no body. */
  body?: unknown;
}

export type Handler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

interface Route {
  method: string;
  template: string;
  regex: RegExp;
  paramNames: string[];
  handler: Handler;
}

export interface RouterOptions {
  /** ASP.NET matches routes case-insensitively (BMS); IT Glue's Rails routes are case-sensitive. */
  caseInsensitive: boolean;
}

export class Router {
  private readonly routes: Route[] = [];

  constructor(private readonly options: RouterOptions) {}

  add(method: string, template: string, handler: Handler): this {
    const paramNames: string[] = [];
    const pattern = template
      .split('/')
      .map((segment) => {
        const m = /^\{(\w+)\}$/.exec(segment);
        if (m) {
          paramNames.push(m[1]!);
          return '([^/]+)';
        }
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    const regex = new RegExp(`^${pattern}/?$`, this.options.caseInsensitive ? 'i' : '');
    this.routes.push({ method: method.toUpperCase(), template, regex, paramNames, handler });
    return this;
  }

  get(template: string, handler: Handler): this {
    return this.add('GET', template, handler);
  }
  post(template: string, handler: Handler): this {
    return this.add('POST', template, handler);
  }
  put(template: string, handler: Handler): this {
    return this.add('PUT', template, handler);
  }
  patch(template: string, handler: Handler): this {
    return this.add('PATCH', template, handler);
  }
  delete(template: string, handler: Handler): this {
    return this.add('DELETE', template, handler);
  }

  /** Every route, as `METHOD /template`. */
  routeKeys(): string[] {
    return this.routes.map((r) => routeKeyOf(r.method, r.template));
  }

  /** Finds the route for a request; `methodMismatch` when the path exists with another method. */
  resolve(method: string, path: string): { route: Route; params: Record<string, string> } | { methodMismatch: boolean } {
    let methodMismatch = false;
    for (const route of this.routes) {
      const m = route.regex.exec(path);
      if (!m) continue;
      if (route.method !== method.toUpperCase()) {
        methodMismatch = true;
        continue;
      }
      const params: Record<string, string> = {};
      route.paramNames.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1]!);
      });
      return { route, params };
    }
    return { methodMismatch };
  }
}

export function routeKeyOf(method: string, template: string): string {
  return `${method.toUpperCase()} ${template}`;
}

/** Parses a request body by content type. Multipart is parsed for text fields only (enough for forms). */
export function parseBody(contentType: string, raw: string): unknown {
  if (!raw) return undefined;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  if (type === 'multipart/form-data') {
    const boundary = /boundary=("?)([^";]+)\1/i.exec(contentType)?.[2];
    return boundary ? parseMultipart(raw, boundary) : {};
  }
  try {
    return JSON.parse(raw);
  } catch {
    return { __invalidJson: true };
  }
}

function parseMultipart(raw: string, boundary: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const part of raw.split(`--${boundary}`)) {
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) continue;
    const head = part.slice(0, headerEnd);
    const name = /name="([^"]*)"/i.exec(head)?.[1];
    if (!name) continue;
    fields[name] = part.slice(headerEnd + 4).replace(/\r\n$/, '');
  }
  return fields;
}

export function readRawBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function sendResponse(res: ServerResponse, response: SimResponse, defaultContentType = 'application/json; charset=utf-8'): void {
  const headers: Record<string, string> = { ...response.headers };
  let payload: string | undefined;
  if (response.body !== undefined) {
    payload = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = defaultContentType;
  }
  res.writeHead(response.status, headers);
  res.end(payload);
}

export interface StartedServer {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  port: number,
  host = '127.0.0.1',
): Promise<StartedServer> {
  const server = createServer(handler);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  return {
    server,
    url,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
