'use strict'
// The shared conformance vectors (tests/vectors/*.json) through the public Node API. One
// dispatch table from `op` to a call; a case whose `op` is not in the table fails, so a new
// kind of case forces this binding to support it. Every file must be listed in min_cases.txt
// with at least that many cases, and a misspelt key anywhere in a case fails it (so a typo
// cannot silently test a default).

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const faspay = require('faspay-rs')

const VECTORS = path.resolve(__dirname, '..', '..', 'tests', 'vectors')

function loadFiles() {
  const files = {}
  for (const file of fs.readdirSync(VECTORS).filter((f) => f.endsWith('.json')).sort()) {
    files[file] = JSON.parse(fs.readFileSync(path.join(VECTORS, file), 'utf8'))
  }
  return files
}

/** `min_cases.txt`: each vector file and the fewest cases it may hold. */
function minCases() {
  const out = {}
  for (const line of fs.readFileSync(path.join(VECTORS, 'min_cases.txt'), 'utf8').split('\n')) {
    const text = line.trim()
    if (!text || text.startsWith('#')) continue
    const [name, count] = text.split(/\s+/)
    out[name] = Number(count)
  }
  return out
}

const FILES = loadFiles()

function loadCases() {
  return Object.entries(FILES).flatMap(([file, doc]) => doc.cases.map((c) => ({ file, case: c })))
}

const CONFIG_KEYS = ['merchant_id', 'merchant_name', 'user_id', 'password', 'environment', 'format', 'base_url', 'amount_unit', 'inquiry_sends_status_fields']
const ARGS_KEYS = ['bill', 'trx_id', 'bill_no', 'reason', 'ovo_number']
const INPUT_KEYS = {
  sign: ['user_id', 'password', 'suffix'],
  sign_message: ['message', 'user_id', 'password', 'values'],
  amount_to_wire: ['amount', 'unit'],
  prepare_request: ['config', 'operation', 'args'],
  decode_response: ['config', 'operation', 'http_status', 'body'],
  parse_notification: ['config', 'body'],
  notification_reply: ['config', 'body', 'accepted', 'response_date'],
  check_total: ['config', 'body', 'expected_total'],
  verify_return: ['config', 'query'],
  redirect_url: ['config', 'trx_id', 'bill_no'],
  ovo_push_form: ['config', 'trx_id', 'ovo_number'],
}

function unknownKeys(value, known, what) {
  if (value === undefined || value === null) return []
  if (typeof value !== 'object' || Array.isArray(value)) return [`${what} is not an object`]
  return Object.keys(value)
    .sort()
    .filter((k) => !known.includes(k))
    .map((k) => `unknown key ${what}.${k}`)
}

/** Unknown keys at every level of a case, and an error expectation without a code. */
function shapeProblems(c) {
  const input = c.input ?? {}
  const expect = c.expect ?? {}
  const problems = [
    ...unknownKeys(c, ['name', 'source', 'op', 'input', 'expect'], 'case'),
    ...unknownKeys(input, INPUT_KEYS[c.op] ?? [], 'input'),
    ...unknownKeys(input.config, CONFIG_KEYS, 'input.config'),
    ...unknownKeys(input.args, ARGS_KEYS, 'input.args'),
    ...unknownKeys(expect, ['ok', 'error'], 'expect'),
    ...unknownKeys(expect.error, ['code', 'field', 'response_code', 'http_status'], 'expect.error'),
  ]
  if (expect.error !== undefined && typeof expect.error.code !== 'string') problems.push('expect.error must name its code')
  return problems
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

test('every vector file is there with its cases (min_cases.txt)', () => {
  const minimums = minCases()
  assert.deepEqual(Object.keys(FILES).sort(), Object.keys(minimums).sort(), 'vector files vs min_cases.txt')
  for (const [name, doc] of Object.entries(FILES)) {
    assert.deepEqual(unknownKeys(doc, ['description', 'cases'], 'file'), [], name)
    assert.ok(doc.cases.length >= minimums[name], `${name}: ${doc.cases.length} cases`)
  }
})

test('the shape check catches misspelt keys', () => {
  const c = {
    name: 'x',
    source: 'computed',
    op: 'prepare_request',
    sorce: 'typo',
    input: { config: { pasword: 'x' }, operation: 'payment_channels', args: { trx: '1' }, extra: 1 },
    expect: { error: { field: 'x', kode: 'y' } },
  }
  assert.deepEqual(shapeProblems(c).sort(), [
    'expect.error must name its code',
    'unknown key case.sorce',
    'unknown key expect.error.kode',
    'unknown key input.args.trx',
    'unknown key input.config.pasword',
    'unknown key input.extra',
  ])
})

for (const { file, case: c } of CASES) {
  test(`${file}: ${c.name}`, () => {
    assert.ok(Object.hasOwn(DISPATCH, c.op), `unknown op ${c.op}: add it to the Node runner`)
    assert.deepEqual(shapeProblems(c), [])
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
