/**
 * Knowing when the Deno kernel has published a cell's output.
 *
 * Deno 2.9's kernel evaluates a cell on one thread and publishes its output on
 * IOPub from another, through a queue; when the cell ends it publishes "idle"
 * without waiting for that queue, and Jupyter stops listening to the cell at
 * "idle" (see `progress.ts`). The kernel publishes the queue in order, writing
 * each message to every subscriber before the next one. So a cell that sends a
 * marker after its output, and sees the marker come back on a subscription of
 * its own, knows that everything before the marker has been written to the
 * subscribers that were there before it, Jupyter's among them.
 *
 * Verified on Deno 2.9.6 (`deno --version`: deno 2.9.6, v8 15.0.245.2-rusty),
 * the version every notebook and test here runs on; earlier and later
 * versions were not tried.
 *
 * The upstream behaviour, for reporting it or finding it in Deno's source
 * (`cli/tools/jupyter/server.rs` and `cli/ops/jupyter.rs`, as read in a 2024
 * version of them, not 2.9.6's own, so names may have moved): the shell handler
 * (`handle_shell_message`) publishes `status: idle` as soon as the
 * `execute_request` has been evaluated, without draining the output still
 * queued for IOPub: a `Deno.jupyter.display`/`broadcast` whose op has not yet
 * run, stdout and stderr waiting in the channel that `handle_stdio_msg`
 * drains. And each queued message is stamped with the parent header current
 * when it is published (`last_execution_request`), not when the cell
 * produced it. So output published after "idle" but before the next
 * `execute_request` carries the finished cell's header and is dropped by a
 * client that has stopped listening to that cell (nbclient, JupyterLab), and
 * output published after the next request arrives carries the next cell's
 * header and lands in the next cell. A 2023 comment on the pull request that
 * added the kernel (denoland/deno#20337) already saw stdout of "Run All"
 * gathered in the last cell.
 *
 * `test/notebook/late_output_test.ts` (slow: it runs the real kernel) tells
 * when this is no longer so: its cells queue twenty 100 kB charts each and end
 * 1 ms later, and it prints how many reached their cell. On Deno 2.9.6 a run
 * kept 20, 12, 16 and 6 of four cells' twenty, losing the rest. When every
 * chart of every cell lands, it warns that this module can be retired (after
 * another run: some cells keep all twenty even on 2.9.6).
 *
 * This module is that subscription: a minimal ZMTP 3.0 SUB client over a TCP
 * connection to the kernel's IOPub port, read from the connection file on the
 * kernel's command line (`deno jupyter --kernel --conn FILE`). The marker is an
 * `update_display_data` for a display id that no output has, which Jupyter
 * clients ignore (nbclient and JupyterLab update only displays they know).
 *
 * @module
 */

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder();
/** The frame that separates a Jupyter message's routing frames from its parts. */
const DELIMITER = "<IDS|MSG>";
/** How often a marker is sent again while none has come back, in milliseconds. */
const RESEND_MS = 25;

/** What the marker needs of `Deno.jupyter`. */
export interface Broadcaster {
  broadcast(msgType: string, content: Record<string, unknown>): Promise<void>;
}

interface Endpoint {
  hostname: string;
  port: number;
}

let endpoint: Endpoint | null | undefined;

/** The kernel's IOPub address, from its connection file; `null` when there is none to read. */
function iopubEndpoint(): Endpoint | null {
  if (endpoint !== undefined) return endpoint;
  endpoint = null;
  try {
    const args = Deno.readTextFileSync("/proc/self/cmdline").split("\0");
    const at = args.indexOf("--conn");
    const file = at < 0 ? undefined : args[at + 1];
    if (file) {
      const info = JSON.parse(Deno.readTextFileSync(file));
      if (info.transport === "tcp" && Number.isInteger(info.iopub_port)) {
        endpoint = { hostname: info.ip, port: info.iopub_port };
      }
    }
  } catch {
    // Not Linux, or not the Deno kernel: the caller falls back to waiting.
  }
  return endpoint;
}

/** Bytes read at a time for the small parts of frames. */
const CHUNK = 65_536;

/** Reads ZMTP frames from a connection, in order. */
class FrameReader {
  #conn: Deno.Conn;
  /** Bytes read past the last request, for the next ones. */
  #spare = new Uint8Array(0);

  constructor(conn: Deno.Conn) {
    this.#conn = conn;
  }

  /** The next `n` bytes. A large body is read straight into place, so each byte is copied once. */
  async exactly(n: number): Promise<Uint8Array> {
    const out = new Uint8Array(n);
    let filled = Math.min(n, this.#spare.length);
    out.set(this.#spare.subarray(0, filled));
    this.#spare = this.#spare.subarray(filled);
    while (filled < n) { // the spare bytes are used up
      const into = n - filled >= CHUNK ? out.subarray(filled) : new Uint8Array(CHUNK);
      const read = await this.#conn.read(into);
      if (read === null) throw new Error("the kernel closed the IOPub connection");
      const take = Math.min(read, n - filled);
      if (into.buffer !== out.buffer) {
        out.set(into.subarray(0, take), filled);
        this.#spare = into.subarray(take, read);
      }
      filled += take;
    }
    return out;
  }

  /** One frame: its body and whether more frames of the message follow. */
  async frame(): Promise<{ body: Uint8Array; more: boolean }> {
    const [flags] = await this.exactly(1);
    let size: number;
    if (flags & 0x02) {
      const long = new DataView((await this.exactly(8)).buffer);
      size = Number(long.getBigUint64(0));
    } else {
      [size] = await this.exactly(1);
    }
    return { body: await this.exactly(size), more: (flags & 0x01) !== 0 };
  }

  /** The frames of one message. */
  async message(): Promise<Uint8Array[]> {
    const frames: Uint8Array[] = [];
    for (;;) {
      const { body, more } = await this.frame();
      frames.push(body);
      if (!more) return frames;
    }
  }
}

/** A short ZMTP frame (the bodies written here are under 256 bytes). */
function frame(body: Uint8Array, command = false): Uint8Array {
  const out = new Uint8Array(2 + body.length);
  out[0] = command ? 0x04 : 0x00;
  out[1] = body.length;
  out.set(body, 2);
  return out;
}

/** ZMTP 3.0's 64-byte greeting for the NULL mechanism, as a client. */
function greeting(): Uint8Array {
  const out = new Uint8Array(64);
  out[0] = 0xff;
  out[9] = 0x7f;
  out[10] = 3; // version 3.0
  out.set(ENCODER.encode("NULL"), 12);
  return out;
}

/** The NULL mechanism's READY command, naming this side a SUB socket. */
function ready(): Uint8Array {
  const name = ENCODER.encode("READY");
  const key = ENCODER.encode("Socket-Type");
  const value = ENCODER.encode("SUB");
  const body = new Uint8Array(1 + name.length + 1 + key.length + 4 + value.length);
  let at = 0;
  body[at++] = name.length;
  body.set(name, at);
  at += name.length;
  body[at++] = key.length;
  body.set(key, at);
  at += key.length;
  new DataView(body.buffer).setUint32(at, value.length);
  body.set(value, at + 4);
  return frame(body, true);
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  for (let at = 0; at < bytes.length;) at += await conn.write(bytes.subarray(at));
}

/** The marker of a Jupyter message that is one of `markers`, if it is one. */
function markerOf(frames: Uint8Array[], markers: Set<string>): string | undefined {
  const delimiter = frames.findIndex((f) => f.length === 9 && DECODER.decode(f) === DELIMITER);
  const header = frames[delimiter + 2];
  const content = frames[delimiter + 5];
  if (delimiter < 0 || header === undefined || content === undefined) return undefined;
  if (!DECODER.decode(header).includes('"update_display_data"')) return undefined;
  try {
    const id = JSON.parse(DECODER.decode(content))?.transient?.display_id;
    return markers.has(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Waits until the kernel has published to Jupyter every output this cell
 * sent before the call: it subscribes to the kernel's IOPub, sends markers
 * until one comes back, and closes the subscription.
 *
 * @param kernel `Deno.jupyter`, which sends the markers.
 * @param timeoutMs How long to wait at most.
 * @returns Whether a marker came back in time; `false` also when there is no
 *   IOPub to subscribe to (not the Deno kernel on Linux) or it failed.
 */
export async function published(kernel: Broadcaster, timeoutMs = 10_000): Promise<boolean> {
  const address = iopubEndpoint();
  if (address === null) return false;
  let finished = false;
  let conn: Deno.Conn | undefined;
  let wake = () => {};
  const end = () => {
    finished = true;
    wake();
    try {
      conn?.close(); // a pending read then fails, which ends the attempt
    } catch {
      // Already closed.
    }
  };
  const attempt = async (): Promise<boolean> => {
    const opened = await Deno.connect({ ...address, transport: "tcp" });
    conn = opened;
    if (finished) {
      opened.close(); // the deadline passed while connecting
      return false;
    }
    opened.setNoDelay(true); // the handshake is small writes answered by reads
    const reader = new FrameReader(opened);
    await writeAll(opened, greeting());
    await reader.exactly(64);
    await writeAll(opened, ready());
    await reader.frame(); // the kernel's READY
    await writeAll(opened, frame(new Uint8Array([1]))); // subscribe to every message
    // The kernel adds the subscription in its own time, and a marker published
    // before that is not seen here: markers go out until one comes back.
    const markers = new Set<string>();
    const send = async () => {
      while (!finished) {
        const id = `flush-${crypto.randomUUID()}`;
        markers.add(id);
        await kernel.broadcast("update_display_data", {
          data: {},
          metadata: {},
          transient: { display_id: id },
        });
        await new Promise<void>((resolve) => {
          const pause = setTimeout(resolve, RESEND_MS);
          wake = () => {
            clearTimeout(pause);
            resolve();
          };
        });
      }
    };
    const sender = send().catch(end); // a marker that cannot be sent ends the wait
    try {
      while (markerOf(await reader.message(), markers) === undefined) { /* the next one */ }
      return true;
    } finally {
      end();
      await sender;
    }
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const waiting = attempt();
  waiting.catch(() => {}); // a failure after the deadline has no one to reach
  try {
    return await Promise.race([waiting, deadline]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
    end();
  }
}
