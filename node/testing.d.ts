// Types of faspay-rs/testing: the in-process Faspay sandbox.
import type { Client, ClientOptions, SandboxOptions, SandboxTransaction, NotificationDelivery, SandboxWarning, SandboxRequest } from './index'

export type StartSandboxOptions = SandboxOptions
export type { SandboxTransaction, NotificationDelivery, SandboxWarning, SandboxRequest }

export type FaultKind =
  | 'latency'
  | 'server_error'
  | 'html_page'
  | 'reset'
  | 'truncated'
  | 'oversized_body'
  | 'response_error'

export interface SandboxCredentials {
  merchant_id: string
  merchant_name: string
  user_id: string
  password: string
}

/** A running sandbox; `close()` stops it (also done on process exit). */
export declare class Sandbox {
  private constructor()
  /** `http://127.0.0.1:PORT`. */
  readonly baseUrl: string
  readonly credentials: SandboxCredentials
  readonly banner: string
  readonly closed: boolean
  /** A client for this sandbox; `overrides` change its settings. */
  client(overrides?: Partial<ClientOptions>): Client
  notifyUrl: string | null
  notifyFormat: 'json' | 'xml'
  pushDelay: number
  /** Refuse what Faspay's docs do not allow (default false: accept with a warning). */
  strict: boolean
  /** Refuse a reused bill_no with `14`. */
  uniqueBillNo: boolean
  warnings(): SandboxWarning[]
  clearWarnings(): void
  approve(trxId: string): void
  reject(trxId: string): void
  /** @deprecated The earlier name of `reject` (the name of every other language). */
  fail(trxId: string): void
  expire(trxId: string): void
  reverse(trxId: string): void
  advanceClock(seconds: number): void
  now(): string
  transaction(trxId: string): SandboxTransaction | null
  transactions(): SandboxTransaction[]
  deliveries(): NotificationDelivery[]
  waitForDeliveries(count: number, timeout?: number): Promise<boolean>
  /** The requests received, byte for byte with the answers given. */
  requests(): SandboxRequest[]
  clearRequests(): void
  requestCount(operation: string): number
  setFault(
    kind: FaultKind,
    options?: { endpoint?: string; times?: number; seconds?: number; status?: number; code?: string; desc?: string },
  ): void
  clearFaults(): void
  close(): Promise<void>
  /** `Sandbox(http://127.0.0.1:PORT)`, or `Sandbox(closed)`. */
  toString(): string
}

/** Starts a sandbox on a free loopback port (delays default to 0.2 s). */
export declare function startSandbox(options?: StartSandboxOptions): Sandbox
