// Types of faspay-rs/express.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Client, Notification } from './index'

export interface NotificationHandlerOptions<Req extends IncomingMessage = IncomingMessage> {
  /** The client whose credentials verify the signature. */
  client: Client
  /** Called with a verified notification only. Resolve `false` to refuse it (Faspay retries);
   * any other value accepts it. A throw refuses it and goes to `onError`. */
  onNotification: (notification: Notification, req: Req) => unknown | Promise<unknown>
  /** Told, after the answer is sent, about callback failures and bodies that were not read
   * (`status` 400, 408, 413 or 500 on those); what it throws is an unhandled rejection. */
  onError?: (error: unknown, req: Req) => void
  /** The largest body read, in bytes (default 64 KiB); a larger one is answered 413. */
  limit?: number
  /** Seconds the whole body may take to arrive (default 10); a slower one is answered 408. */
  timeout?: number
}

/** A handler for Express (`app.post(path, handler)`) or `http.createServer(handler)`. */
export declare function notificationHandler<Req extends IncomingMessage = IncomingMessage>(
  options: NotificationHandlerOptions<Req>,
): (req: Req, res: ServerResponse, next?: (error?: unknown) => void) => void
