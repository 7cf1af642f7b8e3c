'use strict'
// End to end against the in-process sandbox (faspay-rs/testing): every operation in JSON and
// XML, the OVO outcomes, cancel, every fault mode mapped to its code, requestSent on an
// ambiguous create, the logger, and the event loop staying free during network calls.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const fs = require('node:fs')
const path = require('node:path')
const { inspect } = require('node:util')
const { startSandbox } = require('faspay-rs/testing')
const faspay = require('faspay-rs')

let sandbox
before(() => {
  sandbox = startSandbox({ push_delay: 0 })
})
after(() => sandbox.close())

let counter = 0
function bill(extra = {}) {
  counter += 1
  return {
    bill_no: `NODE-${process.pid}-${counter}`,
    bill_desc: 'Kopi order',
    bill_total: '15000.50',
    payment_channel: '812',
    cust_no: 42,
    cust_name: 'Budi',
    billing_name: 'Budi',
    msisdn: '081234567890',
    email: 'budi@example.com',
    item: [{ product: 'Kopi', qty: 1, amount: '15000.50' }],
    ...extra,
  }
}

for (const format of ['json', 'xml']) {
  test(`${format}: channels, create, OVO approve, status`, async () => {
    const client = sandbox.client({ format })
    const channels = await client.paymentChannels()
    assert.equal(channels.response_code, '00')
    assert.ok(channels.payment_channel.some((c) => c.pg_code === '812'))
    // List-like, as in Python and Rust: length, index, iteration, find by pg_code.
    assert.equal(channels.length, channels.payment_channel.length)
    assert.ok(channels.length > 0)
    assert.deepEqual(channels[0], channels.payment_channel[0])
    assert.deepEqual([...channels], channels.payment_channel)
    assert.equal(channels.find('812').pg_name, channels.payment_channel.find((c) => c.pg_code === '812').pg_name)
    assert.equal(channels.find((c) => c.pg_code === '812').pg_code, '812')
    assert.equal(channels.find('nope'), undefined)
    assert.equal(channels[channels.length], undefined)
    // The plain object is unchanged for JSON and inspect.
    assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(channels))).sort(), ['merchant', 'merchant_id', 'payment_channel', 'raw', 'response_code', 'response_desc'])
    const decoded = client.decodeResponse('payment_channels', 200, JSON.stringify(channels.raw))
    assert.equal(decoded.length, channels.length)
    assert.equal(decoded.find('812').pg_code, '812')
    const b = bill()
    const created = await client.createTransaction(b)
    assert.equal(created.bill_no, b.bill_no)
    assert.equal(created.response_code, '00')
    if (format === 'json') assert.match(created.redirect_url, /^http:\/\/127\.0\.0\.1:\d+\//)
    assert.match(client.redirectUrl(created.trx_id, b.bill_no), /^http:\/\/127\.0\.0\.1:\d+\//)
    const pushed = await client.ovoPush(created.trx_id, '081234567890')
    assert.equal(pushed.trx_id, created.trx_id)
    const status = await client.paymentStatus(created.trx_id, b.bill_no)
    assert.equal(status.payment_status_code, 2)
    assert.equal(faspay.isPaid(status.payment_status_code), true)
    assert.equal(status.payment_total, '15000.50')
    assert.equal(sandbox.transaction(created.trx_id).bill_total, '15000.50')
    // The core's PaymentStatus::check_total: the order's total passes, another is refused.
    assert.ok(status instanceof faspay.PaymentStatus)
    status.checkTotal('15000.50')
    status.checkTotal(15000.5)
    assert.throws(() => status.checkTotal(15001), { code: 'INVALID_ARGUMENT', field: 'payment_total' })
    assert.throws(() => status.checkTotal(15000n), { code: 'INVALID_ARGUMENT', field: 'payment_total' })
    assert.throws(() => status.checkTotal('15,000'), { code: 'INVALID_ARGUMENT', field: 'expected' })
    for (const wrong of [null, undefined, {}, [15000], true]) {
      assert.throws(() => status.checkTotal(wrong), { name: 'FaspayError', code: 'INVALID_ARGUMENT', field: 'expected' })
    }
    // An inquiry answer need not carry the total: nothing to refuse then.
    const untotalled = client.decodeResponse('payment_status', 200, JSON.stringify({ trx_id: '1', bill_no: '1', payment_status_code: '0', payment_status_desc: 'Unprocessed', response_code: '00', response_desc: 'ok' }))
    assert.equal(untotalled.payment_total, null)
    untotalled.checkTotal(15000)
    // The fields stay readable as a plain object (JSON, inspect).
    assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(status))).sort(), ['bill_no', 'dedupe_key', 'merchant', 'merchant_id', 'payment_date', 'payment_reff', 'payment_status_code', 'payment_status_desc', 'payment_total', 'raw', 'response_code', 'response_desc', 'trx_id'])
    assert.equal(status.toJSON().dedupe_key, status.dedupe_key)
    assert.match(inspect(status), /^PaymentStatus \{[\s\S]*payment_total: '15000\.50'/)
  })

  test(`${format}: OVO rejected (number ending 000) and expired`, async () => {
    const client = sandbox.client({ format })
    const rejected = await client.createTransaction(bill())
    // The push itself succeeds (response 00); the customer's refusal is the status, 3.
    const push = await client.ovoPush(rejected.trx_id, '081234567000')
    assert.equal(push.response_code, '00')
    assert.equal(push.raw.payment_status_code, '3')
    assert.equal((await client.paymentStatus(rejected.trx_id, rejected.bill_no)).payment_status_code, 3)
    const expired = await client.createTransaction(bill())
    sandbox.expire(expired.trx_id)
    const status = await client.paymentStatus(expired.trx_id, expired.bill_no)
    assert.equal(status.payment_status_code, 7)
    assert.equal(faspay.isFinal(7), true)
    const reversed = await client.createTransaction(bill())
    sandbox.approve(reversed.trx_id)
    sandbox.reverse(reversed.trx_id)
    assert.equal((await client.paymentStatus(reversed.trx_id, reversed.bill_no)).payment_status_code, 4)
    await assert.rejects(client.cancelTransaction(reversed.trx_id, reversed.bill_no, 'x'), { code: 'API_ERROR', responseCode: '80' })
    assert.throws(() => sandbox.reverse(expired.trx_id), { name: 'FaspayError', code: 'INVALID_ARGUMENT', field: 'trx_id', message: /is not paid \(status 7\)/ })
    const failed = await client.createTransaction(bill())
    sandbox.reject(failed.trx_id)
    assert.equal((await client.paymentStatus(failed.trx_id, failed.bill_no)).payment_status_code, 3)
    // `fail` is the earlier name of `reject`, kept as an alias.
    const aliased = await client.createTransaction(bill())
    sandbox.fail(aliased.trx_id)
    assert.equal((await client.paymentStatus(aliased.trx_id, aliased.bill_no)).payment_status_code, 3)
  })

  test(`${format}: cancel an unpaid bill; a paid one is refused with API_ERROR`, async () => {
    const client = sandbox.client({ format })
    const open = await client.createTransaction(bill())
    const cancelled = await client.cancelTransaction(open.trx_id, open.bill_no, 'customer asked')
    assert.equal(cancelled.response_code, '00')
    assert.equal(cancelled.payment_status_code, 8)
    const paid = await client.createTransaction(bill())
    sandbox.approve(paid.trx_id)
    await assert.rejects(client.cancelTransaction(paid.trx_id, paid.bill_no, 'too late'), (e) => {
      assert.equal(e.code, 'API_ERROR')
      assert.equal(e.responseCode, '81')
      assert.equal(e.requestSent, true)
      return true
    })
  })

  const faults = [
    ['server_error', { status: 503 }, 'TRANSPORT', 503],
    ['html_page', {}, 'MALFORMED_RESPONSE'],
    ['reset', {}, 'TRANSPORT'],
    ['truncated', {}, 'MALFORMED_RESPONSE'],
    ['oversized_body', {}, 'MALFORMED_RESPONSE'],
    ['response_error', { code: '40', desc: 'Merchant not registered' }, 'API_ERROR'],
    ['latency', { seconds: 2 }, 'TIMEOUT'],
  ]
  for (const [kind, params, code, httpStatus] of faults) {
    test(`${format}: fault ${kind} -> ${code}`, async () => {
      const client = sandbox.client({ format, timeout: 0.5, max_retries: 0 })
      sandbox.setFault(kind, { endpoint: 'payment_channels', ...params })
      try {
        await assert.rejects(client.paymentChannels(), (e) => {
          assert.equal(e.code, code)
          assert.ok(faspay.isFaspayError(e))
          if (httpStatus) assert.equal(e.httpStatus, httpStatus)
          if (code === 'API_ERROR') assert.equal(e.responseCode, '40')
          return true
        })
      } finally {
        sandbox.clearFaults()
      }
      assert.equal((await client.paymentChannels()).response_code, '00')
    })
  }
}

test('an ambiguous create (timeout after sending) says requestSent; paymentStatus resolves it', async () => {
  const client = sandbox.client({ timeout: 0.5 })
  const b = bill()
  sandbox.setFault('latency', { endpoint: 'create_transaction', seconds: 1.5, times: 1 })
  const error = await client.createTransaction(b).then(
    () => assert.fail('expected a timeout'),
    (e) => e,
  )
  assert.equal(error.code, 'TIMEOUT')
  assert.equal(error.requestSent, true)
  // The bill may exist: the sandbox processed it after the delay.
  await new Promise((resolve) => setTimeout(resolve, 1500))
  const created = sandbox.transactions().find((t) => t.bill_no === b.bill_no)
  assert.ok(created, 'the sandbox created the bill despite the client timeout')
  const status = await client.paymentStatus(created.trx_id, b.bill_no)
  assert.equal(faspay.isFinal(status.payment_status_code), false)
  assert.equal(status.bill_no, b.bill_no)
})

test('safe operations are retried, creates are not', async () => {
  const client = sandbox.client({ max_retries: 2, retry_backoff: 0.01 })
  sandbox.setFault('server_error', { endpoint: 'payment_channels', times: 2 })
  assert.equal((await client.paymentChannels()).response_code, '00')
  const before = sandbox.requestCount('create_transaction')
  sandbox.setFault('server_error', { endpoint: 'create_transaction', times: 1 })
  await assert.rejects(client.createTransaction(bill()), { code: 'TRANSPORT', requestSent: true })
  assert.equal(sandbox.requestCount('create_transaction') - before, 1)
  sandbox.clearFaults()
})

test('the logger receives one redacted event per attempt', async () => {
  const events = []
  const client = sandbox.client({ logger: (e) => events.push(e), max_retries: 1, retry_backoff: 0.01 })
  sandbox.setFault('server_error', { endpoint: 'payment_channels', times: 1 })
  await client.paymentChannels()
  sandbox.clearFaults()
  await new Promise((resolve) => setImmediate(resolve))
  assert.equal(events.length, 2)
  assert.deepEqual(
    events.map((e) => [e.operation, e.attempt, e.status, e.error ?? null]),
    [
      ['payment_channels', 1, 500, 'TRANSPORT'],
      ['payment_channels', 2, 200, null],
    ],
  )
  for (const e of events) {
    assert.equal(e.method, 'POST')
    assert.ok(!JSON.stringify(e).includes(sandbox.credentials.password))
    assert.equal(typeof e.elapsedMs, 'number')
  }
  // A logger that throws does not break the call.
  const throwing = sandbox.client({
    logger: () => {
      throw new Error('logger bug')
    },
  })
  assert.equal((await throwing.paymentChannels()).response_code, '00')
})

/**
 * A fake Faspay on this event loop that holds each answer until `release(stats)` is true (or
 * `limitMs` passed: a bound against hangs, not a timing), counting requests in flight.
 */
function slowFaspay(release, limitMs = 10000) {
  const responses = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'tests', 'vectors', 'responses.json'), 'utf8'))
  const ok = responses.cases.find((c) => c.op === 'decode_response' && c.input.operation === 'payment_status' && c.expect.ok)
  const stats = { inFlight: 0, maxInFlight: 0, served: 0 }
  const server = http.createServer((req, res) => {
    stats.inFlight += 1
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight)
    req.resume()
    const deadline = Date.now() + limitMs
    const answer = () => {
      if (!release(stats) && Date.now() < deadline) return setTimeout(answer, 1)
      stats.inFlight -= 1
      stats.served += 1
      res.setHeader('Content-Type', 'application/json')
      res.end(ok.input.body)
    }
    answer()
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, stats, config: ok.input.config ?? {} })))
}

function clientFor(server, config) {
  return new faspay.Client({
    merchant_id: config.merchant_id ?? '99999',
    merchant_name: config.merchant_name ?? 'Sophia Store',
    user_id: 'bot99999',
    password: 'p@ssw0rd',
    base_url: `http://127.0.0.1:${server.address().port}`,
    max_retries: 0,
  })
}

test('the event loop keeps ticking while a slow request is in flight', async () => {
  // The fake Faspay (on this same loop) answers only after the timer ticked 10 times while the
  // request was in flight: counted events, no clock. A call that blocked the loop could never
  // be answered: it would fail with TIMEOUT instead.
  let ticks = 0
  const { server, stats, config } = await slowFaspay(() => ticks >= 10, 60000)
  try {
    // Only ticks while the request is held by the server count.
    const timer = setInterval(() => {
      if (stats.inFlight > 0) ticks += 1
    }, 1)
    await clientFor(server, config).paymentStatus('9999981200000001', 'x')
    clearInterval(timer)
    assert.equal(stats.served, 1)
    assert.ok(ticks >= 10, `only ${ticks} ticks`)
  } finally {
    server.close()
  }
})

test('50 concurrent requests overlap (they run on the thread pool, not one by one)', async () => {
  // Each answer waits until two requests are in flight at once (at most 1 s, so requests
  // made one by one fail the assertion below instead of hanging).
  const { server, stats, config } = await slowFaspay((st) => st.maxInFlight >= 2, 1000)
  try {
    const client = clientFor(server, config)
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => client.paymentStatus('9999981200000001', 'x')))
    assert.deepEqual(
      results.filter((r) => r.status === 'rejected').map((r) => r.reason.message),
      [],
    )
    assert.equal(stats.served, 50)
    assert.ok(stats.maxInFlight >= 2, `at most ${stats.maxInFlight} request(s) in flight at once`)
  } finally {
    server.close()
  }
})

test('sandbox options and state: credentials, clock, closed sandbox refuses calls', async () => {
  const own = startSandbox({ merchant_id: '12345', merchant_name: 'Toko', user_id: 'bot12345', password: 'pw' })
  assert.deepEqual(own.credentials, { merchant_id: '12345', merchant_name: 'Toko', user_id: 'bot12345', password: 'pw' })
  assert.match(own.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/)
  assert.match(own.now(), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
  own.notifyUrl = 'http://127.0.0.1:9/notify'
  assert.equal(own.notifyUrl, 'http://127.0.0.1:9/notify')
  own.notifyUrl = null
  assert.equal(own.notifyUrl, null)
  assert.throws(() => own.setFault('meteor'), { code: 'INVALID_ARGUMENT', field: 'kind' })
  assert.throws(() => startSandbox({ notify_format: 'csv' }), { code: 'INVALID_ARGUMENT' })
  await own.close()
  await own.close()
  assert.equal(own.closed, true)
  assert.throws(() => own.approve('1'), { code: 'INVALID_ARGUMENT' })
})

test('strict mode and warnings: accepted with a warning by default, refused when strict', async () => {
  const own = startSandbox({ push_delay: 0 })
  try {
    const client = own.client()
    const extra = bill({ reserve1: 'x', extra: { trx_source: 'node' } })
    const created = await client.createTransaction(extra)
    const warnings = own.warnings()
    assert.ok(warnings.some((w) => w.field === 'trx_source' && w.operation === 'create_transaction'), JSON.stringify(warnings))
    const t = own.transaction(created.trx_id)
    assert.ok(t.warnings.length >= 1)
    assert.equal(t.extra_fields.trx_source, 'node')
    own.clearWarnings()
    assert.deepEqual(own.warnings(), [])
    own.strict = true
    assert.equal(own.strict, true)
    await assert.rejects(client.createTransaction(bill({ extra: { trx_source: 'node' } })), { code: 'API_ERROR', requestSent: true })
    own.strict = false
    own.uniqueBillNo = true
    assert.equal(own.uniqueBillNo, true)
    await assert.rejects(client.createTransaction({ ...extra, extra: undefined }), { code: 'API_ERROR', responseCode: '14' })
  } finally {
    await own.close()
  }
})

test('bill numbers: generated ones are 16 digits and distinct; the prefix risk is reported', () => {
  const numbers = new Set(Array.from({ length: 1000 }, () => faspay.generateBillNo()))
  assert.equal(numbers.size, 1000)
  for (const n of numbers) assert.match(n, /^[1-9]\d{15}$/)
  assert.equal(faspay.GENERATED_BILL_NO_LENGTH, 16)
  assert.equal(faspay.billNoPrefixRisk([...numbers]), null)
  assert.equal(typeof faspay.billNoPrefixRisk(['1000', '10002']), 'string')
})

test('the logger receives the client usage warning about a risky bill numbering', async () => {
  const own = startSandbox({ push_delay: 0 })
  try {
    const events = []
    const client = own.client({ logger: (e) => events.push(e) })
    await client.createTransaction(bill({ bill_no: '7000' }))
    await client.createTransaction(bill({ bill_no: '70002' }))
    await new Promise((resolve) => setImmediate(resolve))
    const warnings = events.filter((e) => e.warning !== null)
    assert.equal(warnings.length, 1, JSON.stringify(events))
    assert.equal(warnings[0].operation, 'create_transaction')
    assert.equal(warnings[0].attempt, 0)
    assert.match(warnings[0].summary, /warning/)
  } finally {
    await own.close()
  }
})
