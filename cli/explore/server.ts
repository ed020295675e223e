import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { check, UsageError } from '../../checker/index.js';
import type { CheckResult, Model, State } from '../../checker/index.js';
import type { Participants } from '../render/mermaid.js';
import { escapeHtml } from '../render/html/escape.js';
import { htmlPage } from '../render/html/page.js';
import { readTraceFile, replayRecorded } from '../replay.js';
import { chooseInitHtml, explorerHtml } from './page.js';
import type { ExplorerView } from './page.js';
import { followPath, keyedSuccessors, pathFromQuery, pathOf, pathUrl } from './path.js';
import type { PathRef } from './path.js';
import { counted, stoppedByText } from '../render/stats.js';

/** What the explorer serves: a compiled spec and how to title and lane it. */
export interface ExplorerModel {
  readonly model: Model<State>;
  readonly participants: Participants;
  readonly title: string;
  readonly variant: string;
  readonly explain?: (invariant: string, state: State) => string;
}

/** A running explorer: where it listens, and how to stop it. */
export interface RunningExplorer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/** The only address the explorer listens on. */
export const LOOPBACK = '127.0.0.1';
const HOST_NAMES = new Set(['localhost', '127.0.0.1']);
const MAX_BODY = 16 * 1024 * 1024;

/** Whether a Host header names this server by a loopback name: anything else may be DNS rebinding. */
export function hostAllowed(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const match = /^([^:]+)(?::(\d+))?$/.exec(host.trim().toLowerCase());
  if (!match) return false;
  return HOST_NAMES.has(match[1] as string) && (match[2] === undefined || Number(match[2]) === port);
}

/** Whether a request's Origin, when it has one, is this server: a page elsewhere may not drive it. */
function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && hostAllowed(url.host, port);
  } catch {
    return false;
  }
}

function send(res: ServerResponse, status: number, type: string, body: string, headers: { [name: string]: string } = {}): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "frame-ancestors 'none'",
    ...headers,
  });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new UsageError(`the trace file is larger than ${MAX_BODY / 1024 / 1024} MB`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * The explorer's HTTP handler: pages of states by path, the shortest violation of an invariant
 * (checked once, then kept), and traces loaded from files. Every request is answered, a bad one
 * with a page that says what is wrong; nothing a request sends can end the server.
 */
class Explorer {
  private readonly inits: readonly State[];
  private readonly searches = new Map<string, Promise<CheckResult<State>>>();

  constructor(
    private readonly target: ExplorerModel,
    private readonly signal: AbortSignal,
  ) {
    this.inits = [...target.model.init()];
  }

  /** The page of a path, or of the longest prefix that replays with what stopped it. */
  page(path: PathRef, forward: readonly string[], notice?: ExplorerView<State>['notice']): { status: number; html: string } {
    const { model } = this.target;
    const followed = followPath(model, this.inits, path);
    const trace = followed.trace.length > 0 ? followed.trace : this.inits[0] !== undefined ? [{ action: null, state: this.inits[0] }] : [];
    const keys = followed.ok ? path.keys : path.keys.slice(0, Math.max(0, followed.trace.length - 1));
    const init = followed.trace.length > 0 ? path.init : 0;
    const last = trace[trace.length - 1];
    const shown = followed.ok ? notice : { kind: 'error' as const, text: `This path does not replay: ${followed.reason}. Shown: the ${trace.length} state${trace.length === 1 ? '' : 's'} before it.` };
    const html = explorerHtml({
      model,
      participants: this.target.participants,
      title: this.target.title,
      variant: this.target.variant,
      path: { init, keys },
      trace,
      forward: followed.ok ? forward : [],
      successors: last ? keyedSuccessors(model, last.state) : [],
      initCount: this.inits.length,
      ...(this.target.explain ? { explain: this.target.explain } : {}),
      ...(shown ? { notice: shown } : {}),
    });
    return { status: followed.ok ? 200 : 400, html };
  }

  /** Finds the shortest violation of an invariant (a breadth-first check, once per invariant). */
  private search(invariant: string): Promise<CheckResult<State>> {
    let found = this.searches.get(invariant);
    if (found === undefined) {
      found = check(this.target.model, { invariants: [invariant], deadlock: false, signal: this.signal });
      this.searches.set(invariant, found);
    }
    return found;
  }

  async violation(query: URLSearchParams, res: ServerResponse): Promise<void> {
    const name = query.get('invariant') ?? '';
    const { path, forward } = pathFromQuery(query);
    const invariants = this.target.model.invariants.map((i) => i.name);
    if (!invariants.includes(name)) {
      const page = this.page(path, forward, { kind: 'error', text: `There is no invariant '${name}' in ${this.target.model.name} (its invariants: ${invariants.join(', ') || 'none'}).` });
      send(res, 400, 'text/html; charset=utf-8', page.html);
      return;
    }
    const result = await this.search(name);
    const verdict = result.invariants.find((v) => v.name === name);
    if (verdict?.verdict === 'violated' && verdict.trace) {
      const found = pathOf(this.target.model, this.inits, verdict.trace);
      if (found) {
        send(res, 303, 'text/plain; charset=utf-8', '', { Location: pathUrl(found) });
        return;
      }
    }
    const text =
      verdict?.verdict === 'holds'
        ? `${name} holds in every reachable state (${counted(result.stats.distinct, 'distinct state')}): there is no violation to go to.`
        : result.status === 'error'
          ? `The spec failed while searching for a violation of ${name}: ${result.error.message}`
          : result.status === 'incomplete'
            ? `The search for a violation of ${name} did not finish. ${stoppedByText(result.bound)}`
            : `The search for a violation of ${name} stopped before it was done (${result.status}).`;
    send(res, 200, 'text/html; charset=utf-8', this.page(path, forward, { kind: verdict?.verdict === 'holds' ? 'info' : 'error', text }).html);
  }

  /** Replays the traces of a file written by pika-mc and answers with each one's path. */
  load(text: string): { status: number; body: unknown } {
    const { model } = this.target;
    let recorded;
    try {
      recorded = readTraceFile(text, 'the trace file');
    } catch (error) {
      return { status: 400, body: { error: error instanceof Error ? error.message : String(error) } };
    }
    if (recorded.spec !== undefined && recorded.spec !== model.name) {
      return { status: 400, body: { error: `the trace is of spec ${recorded.spec}, and this explorer runs ${model.name}` } };
    }
    for (const name of new Set([...Object.keys(recorded.constants), ...Object.keys(model.constants)])) {
      const theirs = JSON.stringify(recorded.constants[name]);
      const mine = JSON.stringify(model.constants[name]);
      if (recorded.constants[name] !== undefined && theirs !== mine) {
        return { status: 400, body: { error: `the trace was written with ${name} = ${theirs}, and this explorer runs ${name} = ${mine ?? 'nothing'}: start it with the trace's constants` } };
      }
    }
    const traces = recorded.traces.map((trace) => {
      const outcome = replayRecorded(model, recorded.encoding, trace);
      if (!outcome.ok) return { name: trace.name, error: `does not replay at step ${outcome.step}: ${outcome.reason}` };
      const path = pathOf(model, this.inits, outcome.trace.trace);
      if (!path) return { name: trace.name, error: 'its states are not reachable one step at a time from an initial state' };
      return { name: trace.name, length: outcome.trace.trace.length, location: pathUrl(path) };
    });
    return { status: 200, body: { traces } };
  }

  async handle(req: IncomingMessage, res: ServerResponse, port: number): Promise<void> {
    if (!hostAllowed(req.headers.host, port)) {
      send(res, 403, 'text/plain; charset=utf-8', `pika-mc explore answers only requests for localhost or 127.0.0.1, not for Host ${req.headers.host ?? '(none)'}\n`);
      return;
    }
    // A page on another site may embed this server's URLs (an image): it may not start work here.
    if (req.headers['sec-fetch-site'] === 'cross-site') {
      send(res, 403, 'text/plain; charset=utf-8', 'pika-mc explore answers no request made by a page on another site\n');
      return;
    }
    const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
    if (req.method === 'POST' && url.pathname === '/load') {
      if (!originAllowed(req.headers.origin, port)) {
        send(res, 403, 'application/json', JSON.stringify({ error: 'a page from elsewhere may not load traces here' }));
        return;
      }
      let text: string;
      try {
        text = await readBody(req);
      } catch (error) {
        send(res, 413, 'application/json', JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
        return;
      }
      const answer = this.load(text);
      send(res, answer.status, 'application/json', JSON.stringify(answer.body));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain; charset=utf-8', `pika-mc explore answers GET, and POST to /load; not ${req.method ?? ''} ${url.pathname}\n`, { Allow: 'GET, HEAD, POST' });
      return;
    }
    if (url.pathname === '/favicon.ico') {
      send(res, 204, 'text/plain', '');
      return;
    }
    if (url.pathname === '/violation') {
      await this.violation(url.searchParams, res);
      return;
    }
    if (url.pathname !== '/') {
      send(res, 404, 'text/html; charset=utf-8', htmlPage({ title: 'Not found', body: `<h1>Not found</h1><p>There is no page ${escapeHtml(url.pathname)} here. <a href="/">The initial state</a>.</p>` }));
      return;
    }
    if (url.searchParams.get('i') === 'choose') {
      send(res, 200, 'text/html; charset=utf-8', chooseInitHtml(this.target.model, this.target.title, this.inits));
      return;
    }
    const { path, forward } = pathFromQuery(url.searchParams);
    const page = this.page(path, forward);
    send(res, page.status, 'text/html; charset=utf-8', page.html);
  }
}

/**
 * Starts the explorer on 127.0.0.1 (never another address) at `port`, 0 for a free one. The signal
 * stops any search under way when the explorer is closed.
 */
export async function startExplorer(target: ExplorerModel, port: number, signal: AbortSignal): Promise<RunningExplorer> {
  const explorer = new Explorer(target, signal);
  let bound = port;
  const server: Server = createServer((req, res) => {
    explorer.handle(req, res, bound).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent) send(res, 500, 'text/html; charset=utf-8', htmlPage({ title: 'Error', body: `<h1>The request failed</h1><p class="notice error">${escapeHtml(message)}</p><p><a href="/">The initial state</a></p>` }));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException): void => {
      const why = error.code === 'EADDRINUSE' ? 'is in use' : error.code === 'EACCES' ? 'may not be opened by this user' : `cannot be opened (${error.code ?? error.message})`;
      reject(new UsageError(`option '--port' ${port}: port ${port} on ${LOOPBACK} ${why}; give another, or leave --port out for a free one`));
    };
    server.once('error', failed);
    server.listen(port, LOOPBACK, () => {
      server.off('error', failed);
      resolve();
    });
  });
  bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    url: `http://${LOOPBACK}:${bound}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
