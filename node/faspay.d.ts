// Types of faspay-rs. The classes, result shapes and functions come from the generated
// `index.d.ts`; this file adds the error codes and the sandbox.
export {
  Client,
  Notification,
  ClientOptions,
  ClientSummary,
  ClientSettings,
  XmlCodes,
  Bill,
  Item,
  LogEvent,
  ChannelList,
  PaymentChannel,
  CreatedTransaction,
  BillItem,
  PaymentStatus,
  PaymentStatusFields,
  Cancellation,
  DecodedResponses,
  OvoPushResult,
  PreparedRequest,
  ReturnInfo,
  NotificationFields,
  isPaid,
  isFinal,
  paymentStatusDescription,
  responseCodeDescription,
  amountToWire,
  generateBillNo,
  GENERATED_BILL_NO_LENGTH,
  billNoPrefixRisk,
  sign,
  verify,
  signMessage,
  channelInquirySignature,
  postDataSignature,
  inquirySignature,
  cancelSignature,
  redirectSignature,
  ovoPushSignature,
  notificationSignature,
  returnUrlSignature,
} from './index'
export { startSandbox, Sandbox, StartSandboxOptions, SandboxWarning } from './testing'
import type { PaymentChannel } from './index'

// `paymentChannels()` results are list-like over their channels, like Python's and Rust's
// ChannelList (the generated interface has the fields; these members are added at runtime).
declare module './index' {
  interface ChannelList extends Iterable<PaymentChannel> {
    /** The number of channels (`payment_channel.length`). */
    readonly length: number
    /** The channel at an index (`payment_channel[i]`). */
    readonly [index: number]: PaymentChannel
    /** The channel with this `pg_code` (or the first one `predicate` accepts), or undefined. */
    find(pgCodeOrPredicate: string | ((channel: PaymentChannel) => boolean)): PaymentChannel | undefined
  }
}

/** The stable error codes (the same strings in Rust, Python, C and Node). */
export type ErrorCodeName =
  | 'INVALID_ARGUMENT'
  | 'INVALID_SIGNATURE'
  | 'API_ERROR'
  | 'TRANSPORT'
  | 'TIMEOUT'
  | 'MALFORMED_RESPONSE'
  | 'INTERNAL'

/** Every stable error code, in the core's order (`ErrorCode` is built from it). */
export declare function errorCodes(): ErrorCodeName[]

/** Every code as a frozen object: `ErrorCode.INVALID_SIGNATURE === 'INVALID_SIGNATURE'`. */
export declare const ErrorCode: Readonly<{ [K in ErrorCodeName]: K }>

/** What every faspay-rs error carries besides `message`. */
export interface FaspayError extends Error {
  name: 'FaspayError'
  code: ErrorCodeName
  /** The input field at fault (`INVALID_ARGUMENT`), e.g. `"item[0].amount"`. */
  field?: string
  /** Faspay's `response_code` (`API_ERROR`). */
  responseCode?: string
  /** Faspay's `response_desc` (`API_ERROR`). */
  responseDesc?: string
  /** The HTTP status, when a response arrived. */
  httpStatus?: number
  /** Whether the request may have reached Faspay: after a create, check `paymentStatus`
   * before creating the bill again. */
  requestSent: boolean
}

/** Narrows an unknown thrown value to a faspay-rs error. */
export declare function isFaspayError(error: unknown): error is FaspayError

/** This release's version, as in `package.json` (e.g. `"0.1.0"`). */
export declare const version: string
