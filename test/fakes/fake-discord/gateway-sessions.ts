import { randomUUID } from "node:crypto";
import type { WebSocket } from "ws";

type Json = Record<string, unknown>;

interface Session {
  id: string;
  socket: WebSocket | undefined;
  /** Dispatches sent (or due) to this session, in order, for replay on RESUME. */
  backlog: { s: number; payload: Json }[];
  valid: boolean;
}

/** How `dropGateway` ends the connection. */
export interface DropOptions {
  /** Close code (default 4000, Unknown error: the client resumes). Ignored with `abnormal`. */
  code?: number;
  /** Cut the connection without a close frame (the client sees 1006). */
  abnormal?: boolean;
  /** Forget the session: RESUME gets INVALID_SESSION (d: false), the client identifies anew, missed events are lost. */
  invalidateSession?: boolean;
  /** On resume, replay this many events the client already had as well (at-least-once delivery). */
  duplicate?: number;
}

const BACKLOG = 1000;

/**
 * The fake gateway's sessions, as Discord keeps them: an IDENTIFY opens one, dispatches go to its
 * socket and into its backlog, a dropped socket leaves it open for RESUME, which replays what the
 * client missed (the dispatches after its last sequence number) and then says RESUMED.
 */
export class GatewaySessions {
  private readonly sessions = new Map<string, Session>();
  private readonly bySocket = new Map<WebSocket, Session>();
  private duplicateOnResume = 0;
  /** RESUMEs answered (with RESUMED or INVALID_SESSION), for tests. */
  readonly resumes: { sessionId: string; seq: number; replayed: number; ok: boolean }[] = [];

  open(socket: WebSocket): string {
    const session: Session = { id: randomUUID(), socket, backlog: [], valid: true };
    this.sessions.set(session.id, session);
    this.bySocket.set(socket, session);
    return session.id;
  }

  /** The events to replay for a RESUME, or undefined when the session is unknown or invalid. */
  resume(socket: WebSocket, sessionId: string, seq: number): Json[] | undefined {
    const session = this.sessions.get(sessionId);
    if (!session || !session.valid) {
      this.resumes.push({ sessionId, seq, replayed: 0, ok: false });
      return undefined;
    }
    session.socket = socket;
    this.bySocket.set(socket, session);
    const from = seq - this.duplicateOnResume;
    this.duplicateOnResume = 0;
    const replay = session.backlog.filter((e) => e.s > from).map((e) => e.payload);
    this.resumes.push({ sessionId, seq, replayed: replay.length, ok: true });
    return replay;
  }

  detach(socket: WebSocket): void {
    const session = this.bySocket.get(socket);
    if (session?.socket === socket) session.socket = undefined;
    this.bySocket.delete(socket);
  }

  /** Sends a dispatch to every open session's socket (if connected) and keeps it for replay. */
  dispatch(payload: Json & { s: number }, send: (socket: WebSocket, payload: Json) => void): void {
    for (const session of this.sessions.values()) {
      if (!session.valid) continue;
      session.backlog.push({ s: payload.s, payload });
      if (session.backlog.length > BACKLOG) session.backlog.shift();
      if (session.socket) send(session.socket, payload);
    }
  }

  /** Ends every connected session's socket; the sessions stay resumable unless invalidated. */
  drop(options: DropOptions = {}): number {
    let dropped = 0;
    this.duplicateOnResume = options.duplicate ?? 0;
    for (const session of this.sessions.values()) {
      if (options.invalidateSession) session.valid = false;
      const socket = session.socket;
      if (!socket) continue;
      this.detach(socket);
      if (options.abnormal) socket.terminate();
      else socket.close(options.code ?? 4000, "fake: connection dropped");
      dropped++;
    }
    return dropped;
  }
}
