// A typed merchant flow against the public types (checked by `tsc --noEmit --strict`).
import http from 'node:http'
import {
  Client,
  ErrorCode,
  errorCodes,
  isFaspayError,
  isPaid,
  type Bill,
  type ClientSettings,
  type CreatedTransaction,
  type ErrorCodeName,
  type LogEvent,
  type PaymentChannel,
  type PaymentStatus,
} from 'faspay-rs'
import { startSandbox, type Sandbox } from 'faspay-rs/testing'
import { notificationHandler } from 'faspay-rs/express'

const events: LogEvent[] = []
const client = new Client({
  merchant_id: '99999',
  merchant_name: 'Sophia Store',
  user_id: 'bot99999',
  password: 'p@ssw0rd',
  base_url: 'http://127.0.0.1:8765',
  format: 'xml',
  timeout: 10,
  logger: (event) => events.push(event),
})
const settings: ClientSettings = client.settings
const waited: number = settings.timeout + settings.xml_codes.payment_status.length

const bill: Bill = {
  bill_no: 'ORDER-1',
  bill_desc: 'Order 1',
  bill_total: '15000.50',
  payment_channel: '812',
  cust_no: 42,
  cust_name: 'Budi',
  billing_name: 'Budi',
  msisdn: '081234567890',
  email: 'budi@example.com',
  bill_date: new Date(),
  item: [{ product: 'Kopi', qty: 1, amount: 15000n }],
}

async function checkout(): Promise<string> {
  let created: CreatedTransaction
  try {
    created = await client.createTransaction(bill)
  } catch (error) {
    if (isFaspayError(error) && error.requestSent) {
      const code: ErrorCodeName = error.code
      return `unknown outcome (${code}): check paymentStatus`
    }
    throw error
  }
  const status: PaymentStatus = await client.paymentStatus(created.trx_id, bill.bill_no)
  const total: string | null = status.payment_total
  return isPaid(status.payment_status_code) ? `paid ${total}` : 'pending'
}

// The channel list is list-like: length, index, iteration and find by pg_code.
async function ovoChannel(): Promise<string | undefined> {
  const channels = await client.paymentChannels()
  const names: string[] = []
  for (const channel of channels) names.push(channel.pg_name)
  const first: PaymentChannel | undefined = channels.length > 0 ? channels[0] : undefined
  return channels.find('812')?.pg_name ?? first?.pg_name ?? names[0]
}

const sandbox: Sandbox = startSandbox({ notify_format: 'json', push_delay: 0 })
const server = http.createServer(
  notificationHandler({
    client: sandbox.client(),
    onNotification: async (notification) => notification.payment_total === '15000.50',
  }),
)
const codes: readonly ErrorCodeName[] = Object.values(ErrorCode)
const listed: ErrorCodeName[] = errorCodes()

// decodeResponse's result is the operation's own type; settings take only their values.
function decoded(body: Buffer): [PaymentStatus, number, 'json' | 'xml'] {
  const status: PaymentStatus = client.decodeResponse('payment_status', 200, body)
  const channels = client.decodeResponse('payment_channels', 200, body)
  // @ts-expect-error: not an operation
  client.decodeResponse('refund', 200, body)
  // @ts-expect-error: not a format
  void new Client({ merchant_id: '99999', merchant_name: 'x', user_id: 'bot99999', password: 'p', format: 'yaml' })
  // @ts-expect-error: not an amount unit
  void new Client({ merchant_id: '99999', merchant_name: 'x', user_id: 'bot99999', password: 'p', amount_unit: 'cents' })
  return [status, channels.length, client.format]
}
void checkout
void waited
void ovoChannel
void server
void codes
void listed
void decoded
void sandbox.close()
