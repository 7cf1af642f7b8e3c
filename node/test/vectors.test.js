'use strict'
// The shared conformance vectors (tests/vectors/*.json) through the public Node API. One
// dispatch table from `op` to a call; a case whose `op` is not in the table fails, so a new
// kind of case forces this binding to support it.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const faspay = require('faspay-rs')

const VECTORS = path.resolve(__dirname, '..', '..', 'tests', 'vectors')

function loadCases() {
  const cases = []
  for (const file of fs.readdirSync(VECTORS).filter((f) => f.endsWith('.json')).sort()) {
    for (const c of JSON.parse(fs.readFileSync(path.join(VECTORS, file), 'utf8')).cases) {
      cases.push({ file, ...c })
    }
  }
  return cases
}

function client(input) {
  const c = input.config ?? {}
  const options = {
    merchant_id: c.merchant_id ?? '99999',
    merchant_name: c.merchant_name ?? 'Sophia Store',
    user_id: c.user_id ?? 'bot99999',
    password: c.password ?? 'p@ssw0rd',
    environment: c.environment ?? 'sandbox',
    format: c.format ?? 'json',
    amount_unit: c.amount_unit ?? 'sen',
  }
  if ('base_url' in c) options.base_url = c.base_url
  if ('inquiry_sends_status_fields' in c) options.inquiry_sends_status_fields = c.inquiry_sends_status_fields
  return new faspay.Client(options)
}

const status = (code) => ({ code, is_paid: faspay.isPaid(code), is_final: faspay.isFinal(code) })

/** The canonical JSON view of a typed result (as in the Rust and Python runners). */
function resultView(operation, r) {
  let view
  switch (operation) {
    case 'payment_channels':
      view = { merchant_id: r.merchant_id, merchant: r.merchant, payment_channel: r.payment_channel }
      break
    case 'create_transaction':
      view = {
        trx_id: r.trx_id,
        merchant_id: r.merchant_id,
        merchant: r.merchant,
        bill_no: r.bill_no,
        redirect_url: r.redirect_url,
        web_url: r.web_url,
        qr_content: r.qr_content,
        alt_url: r.alt_url,
        bill_items: r.bill_items,
      }
      break
    case 'payment_status': {
      const s = status(r.payment_status_code)
      view = {
        trx_id: r.trx_id,
        merchant_id: r.merchant_id,
        merchant: r.merchant,
        bill_no: r.bill_no,
        payment_reff: r.payment_reff,
        payment_date: r.payment_date,
        payment_status_code: s.code,
        payment_status_desc: r.payment_status_desc,
        is_paid: s.is_paid,
        is_final: s.is_final,
        payment_total: r.payment_total,
      }
      break
    }
    case 'cancel_transaction':
      view = {
        trx_id: r.trx_id,
        bill_no: r.bill_no,
        trx_status_code: r.trx_status_code,
        trx_status_desc: r.trx_status_desc,
        payment_status_code: r.payment_status_code,
        payment_status_desc: r.payment_status_desc,
        payment_cancel_date: r.payment_cancel_date,
        payment_cancel: r.payment_cancel,
      }
      break
    case 'ovo_push':
      view = { trx_id: r.trx_id }
      break
    default:
      assert.fail(`unexpected operation ${operation}`)
  }
  view.response_code = r.response_code
  if (operation !== 'ovo_push') view.response_desc = r.response_desc
  view.raw = r.raw
  return view
}

function notificationView(n) {
  const s = status(n.payment_status_code)
  const fields = n.toJSON()
  return { ...fields, is_paid: s.is_paid, is_final: s.is_final }
}

function prepare(input) {
  const c = client(input)
  const args = input.args ?? {}
  let req
  switch (input.operation) {
    case 'payment_channels':
      req = c.preparePaymentChannels()
      break
    case 'create_transaction':
      req = c.prepareCreateTransaction(args.bill)
      break
    case 'payment_status':
      req = c.preparePaymentStatus(args.trx_id ?? '', args.bill_no ?? '')
      break
    case 'cancel_transaction':
      req = c.prepareCancelTransaction(args.trx_id ?? '', args.bill_no ?? '', args.reason ?? '')
      break
    case 'ovo_push':
      req = c.prepareOvoPush(args.trx_id ?? '', args.ovo_number ?? '')
      break
    default:
      assert.fail(`unknown operation ${input.operation}`)
  }
  return { method: req.method, url: req.url, content_type: req.content_type, body: req.body.toString('utf8') }
}

const DISPATCH = {
  sign: (i) => ({ signature: faspay.sign(i.user_id, i.password, i.suffix) }),
  sign_message: (i) => ({ signature: faspay.signMessage(i.message, i.user_id, i.password, i.values) }),
  amount_to_wire: (i) => ({ wire: faspay.amountToWire(i.amount, i.unit ?? 'sen') }),
  prepare_request: prepare,
  decode_response: (i) =>
    resultView(i.operation, client(i).decodeResponse(i.operation, i.http_status ?? 200, Buffer.from(i.body ?? '', 'utf8'))),
  parse_notification: (i) => notificationView(client(i).parseNotification(Buffer.from(i.body, 'utf8'))),
  check_total: (i) => {
    client(i).parseNotification(Buffer.from(i.body, 'utf8')).checkTotal(i.expected_total)
    return { matches: true }
  },
  notification_reply: (i) => {
    const c = client(i)
    const n = c.parseNotification(i.body)
    return { reply: c.notificationReply(n, i.accepted ?? true, i.response_date).toString('utf8') }
  },
  verify_return: (i) => {
    const r = client(i).verifyReturn(i.query)
    return {
      trx_id: r.trx_id,
      merchant_id: r.merchant_id,
      merchant: r.merchant,
      bill_no: r.bill_no,
      bill_reff: r.bill_reff,
      bill_total: r.bill_total,
      bank_user_name: r.bank_user_name,
      status: r.status,
    }
  },
  redirect_url: (i) => ({ url: client(i).redirectUrl(i.trx_id, i.bill_no) }),
  ovo_push_form: (i) => ({ html: client(i).ovoPushForm(i.trx_id, i.ovo_number) }),
}

/** Every key of `expected` must equal the same key of `actual` (`null` = absent). */
function mismatches(expected, actual, where) {
  if (expected && typeof expected === 'object' && !Array.isArray(expected) && actual && typeof actual === 'object') {
    return Object.entries(expected).flatMap(([k, v]) => mismatches(v, actual[k], `${where}.${k}`))
  }
  const normal = (v) => (v === undefined ? null : v)
  try {
    assert.deepStrictEqual(normal(actual), normal(expected))
    return []
  } catch {
    return [`${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`]
  }
}

const CASES = loadCases()

test('the vectors are there', () => {
  assert.ok(CASES.length > 50, `only ${CASES.length} cases`)
})

for (const c of CASES) {
  test(`${c.file}: ${c.name}`, () => {
    assert.ok(Object.hasOwn(DISPATCH, c.op), `unknown op ${c.op}: add it to the Node runner`)
    const expect = c.expect
    assert.notEqual('ok' in expect, 'error' in expect, 'expect needs exactly one of ok / error')
    let actual
    try {
      actual = DISPATCH[c.op](c.input)
    } catch (e) {
      if (!faspay.isFaspayError(e)) throw e
      assert.ok('error' in expect, `expected ok, got ${e.code}: ${e.message}`)
      const seen = { code: e.code, field: e.field, response_code: e.responseCode, http_status: e.httpStatus }
      assert.deepEqual(mismatches(expect.error, seen, 'error'), [])
      return
    }
    assert.ok('ok' in expect, `expected an error, got ${JSON.stringify(actual)}`)
    assert.deepEqual(mismatches(expect.ok, actual, 'ok'), [])
  })
}
