'use strict'
// faspay-rs/express on a plain node:http server: the sandbox delivers real notifications over
// HTTP (JSON and XML), the handler verifies them before calling back and answers with the exact
// reply; forged and malformed bodies are refused without calling back. Signatures and amounts
// are re-checked independently with node:crypto.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const net = require('node:net')
const crypto = require('node:crypto')
const { startSandbox } = require('faspay-rs/testing')
const { notificationHandler } = require('faspay-rs/express')
const faspay = require('faspay-rs')

const sha1md5 = (text) => crypto.createHash('sha1').update(crypto.createHash('md5').update(text, 'utf8').digest('hex')).digest('hex')

let sandbox
let server
let url
const seen = []
let verdict = () => true

before(async () => {
  sandbox = startSandbox({ push_delay: 0, notify_retry_delay: 0.05, notify_max_retries: 1 })
  const handler = notificationHandler({
    client: sandbox.client(),
    onNotification: async (notification) => {
      seen.push(notification)
      return verdict(notification)
    },
  })
  server = http.createServer(handler)
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${server.address().port}/faspay/notify`
  sandbox.notifyUrl = url
})
after(async () => {
  server.close()
  await sandbox.close()
})

let counter = 0
function bill() {
  counter += 1
  return {
    bill_no: `EXP-${process.pid}-${counter}`,
    bill_desc: 'Kopi order',
    bill_total: '20000.25',
    payment_channel: '812',
    cust_no: '42',
    cust_name: 'Budi',
    billing_name: 'Budi',
    msisdn: '081234567890',
    email: 'budi@example.com',
    item: { product: 'Kopi', qty: '1', amount: '20000.25' },
  }
}

function post(body, contentType = 'application/json') {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'Content-Type': contentType } }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], body: Buffer.concat(chunks).toString() }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

for (const format of ['json', 'xml']) {
  test(`${format}: a paid OVO notification is delivered, verified, accepted with the exact reply`, async () => {
    sandbox.notifyFormat = format
    verdict = () => true
    const client = sandbox.client()
    const b = bill()
    const created = await client.createTransaction(b)
    const before = sandbox.deliveries().length
    const seenBefore = seen.length
    await client.ovoPush(created.trx_id, '081234567890')
    assert.equal(await sandbox.waitForDeliveries(before + 1, 10), true)
    const delivery = sandbox.deliveries().at(-1)
    assert.equal(delivery.trx_id, created.trx_id)
    assert.equal(delivery.format, format)
    assert.equal(delivery.http_status, 200)
    assert.equal(delivery.accepted, true, delivery.error ?? '')
    assert.equal(seen.length, seenBefore + 1)
    const n = seen.at(-1)
    assert.equal(n.trx_id, created.trx_id)
    assert.equal(n.bill_no, b.bill_no)
    assert.equal(n.payment_status_code, 2)
    assert.equal(n.payment_total, '20000.25')
    assert.equal(n.format, format)
    // The status inquiry of the same paid event has the same key: applied once either way.
    assert.equal(n.dedupe_key, `${sandbox.credentials.merchant_id}:${b.bill_no}:2`)
    const status = await client.paymentStatus(created.trx_id, b.bill_no)
    assert.equal(status.payment_status_code, 2)
    assert.equal(status.dedupe_key, n.dedupe_key)
    assert.match(delivery.reply_body, format === 'json' ? /"response_code":\s*"00"/ : /<response_code>00<\/response_code>/)

    // Independent oracle: the notification's signature and amount, recomputed with node:crypto.
    const { user_id, password } = sandbox.credentials
    const signature = format === 'json' ? JSON.parse(delivery.request_body).signature : /<signature>([0-9a-f]+)<\/signature>/.exec(delivery.request_body)[1]
    assert.equal(signature, sha1md5(`${user_id}${password}${b.bill_no}2`))
    const total = format === 'json' ? JSON.parse(delivery.request_body).payment_total : /<payment_total>(\d+)<\/payment_total>/.exec(delivery.request_body)[1]
    assert.equal(total, '2000025') // sen on the wire
  })
}

test('the callback refusing (false) answers 99 and the sandbox retries', async () => {
  sandbox.notifyFormat = 'json'
  verdict = () => false
  const client = sandbox.client()
  const created = await client.createTransaction(bill())
  const before = sandbox.deliveries().length
  sandbox.reject(created.trx_id)
  assert.equal(await sandbox.waitForDeliveries(before + 2, 10), true) // first try + 1 retry
  const attempts = sandbox.deliveries().slice(before).filter((d) => d.trx_id === created.trx_id)
  assert.equal(attempts.length, 2)
  assert.ok(attempts.every((d) => d.http_status === 200 && !d.accepted))
  assert.match(attempts[0].reply_body, /"response_code":\s*"99"/)
  verdict = () => true
})

test('a callback that throws refuses the notification (Faspay retries)', async () => {
  verdict = () => {
    throw new Error('database down')
  }
  const created = await sandbox.client().createTransaction(bill())
  const before = sandbox.deliveries().length
  sandbox.expire(created.trx_id)
  assert.equal(await sandbox.waitForDeliveries(before + 2, 10), true) // first try + 1 retry
  const attempts = sandbox.deliveries().slice(before)
  assert.ok(attempts.every((d) => d.trx_id === created.trx_id && d.http_status === 200 && !d.accepted))
  verdict = () => true
})

test('a forged notification gets 403 and no callback; a malformed one 400', async () => {
  const forgedSeen = () => seen.filter((n) => n.bill_no === 'EXP-FORGED').length
  const forged = JSON.stringify({
    request: 'Payment Notification',
    trx_id: '9999981200000001',
    merchant_id: '99999',
    merchant: 'Sophia Store',
    bill_no: 'EXP-FORGED',
    payment_reff: '123',
    payment_date: '2026-12-03 10:00:00',
    payment_status_code: '2',
    payment_status_desc: 'Payment Sukses',
    bill_total: '2000025',
    payment_total: '2000025',
    payment_channel_uid: '812',
    payment_channel: 'OVO',
    signature: sha1md5('bot99999not-the-passwordEXP-FORGED2'),
  })
  const refused = await post(forged)
  assert.equal(refused.status, 403)
  assert.equal(forgedSeen(), 0)
  // The same body signed with the right password is accepted: the signature alone decided.
  const { user_id, password } = sandbox.credentials
  const genuine = forged.replace(/"signature":"[0-9a-f]+"/, `"signature":"${sha1md5(`${user_id}${password}EXP-FORGED2`)}"`)
  const accepted = await post(genuine)
  assert.equal(accepted.status, 200)
  assert.equal(accepted.type, 'application/json')
  assert.equal(JSON.parse(accepted.body).response_code, '00')
  assert.equal(forgedSeen(), 1)
  for (const body of ['not json at all', '{"request":', '']) {
    assert.equal((await post(body)).status, 400, body)
  }
  assert.equal(forgedSeen(), 1)
  const get = await new Promise((resolve) => http.get(url, (res) => resolve(res.statusCode)).end())
  assert.equal(get, 405)
})

/** Sends `head` (and `parts` of the body, each after the previous was written) on a raw
 * connection to `server`, leaving it open; resolves the status line of the answer and
 * whether the server closed the connection after it. */
function rawRequest(server, head, parts = []) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.address().port, '127.0.0.1')
    let received = ''
    socket.on('data', (d) => {
      received += d
    })
    socket.on('error', (e) => (received ? undefined : reject(e)))
    socket.on('close', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1]), received }))
    socket.write(head)
    for (const part of parts) socket.write(part)
  })
}

/** A server of its own with `options` (and a callback and onError that record). */
async function handlerServer(options = {}) {
  const calls = []
  const errors = []
  const server = http.createServer(notificationHandler({
    client: sandbox.client(),
    onNotification: (n) => calls.push(n.bill_no),
    onError: (e) => errors.push(e),
    ...options,
  }))
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, calls, errors }
}

test('a body declared larger than the limit gets 413 from its header, unread, and the connection is closed', { timeout: 30_000 }, async () => {
  const { server, calls, errors } = await handlerServer({ limit: 1024 })
  try {
    // Only the head is sent: the answer cannot wait for the 10 MB it announces.
    const res = await rawRequest(server, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n')
    assert.equal(res.status, 413, res.received)
    assert.match(res.received, /connection: close/i)
    assert.deepEqual(calls, [])
    assert.equal(errors.length, 1)
    assert.equal(errors[0].status, 413)
  } finally {
    server.close()
  }
})

test('a chunked body growing past the limit gets 413 once it passes it', { timeout: 30_000 }, async () => {
  const { server, calls, errors } = await handlerServer({ limit: 1024 })
  try {
    const chunk = `400\r\n${'a'.repeat(1024)}\r\n`
    const res = await rawRequest(server, 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n', [chunk, chunk])
    assert.equal(res.status, 413, res.received)
    assert.deepEqual(calls, [])
    assert.equal(errors[0].status, 413)
    // The default limit is 64 KiB: a byte more is refused (from the head alone, as above).
    const over = await rawRequest(server, `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${64 * 1024 + 1}\r\n\r\n`)
    assert.equal(over.status, 413, over.received)
  } finally {
    server.close()
  }
})

test('a body that stops arriving gets 408 after `timeout` seconds, without calling back', { timeout: 30_000 }, async () => {
  const { server, calls, errors } = await handlerServer({ timeout: 0.2 })
  try {
    // Half of the announced body, then nothing (a slowloris): the deadline answers.
    const res = await rawRequest(server, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"request":')
    assert.equal(res.status, 408, res.received)
    assert.match(res.received, /connection: close/i)
    assert.deepEqual(calls, [])
    assert.equal(errors.length, 1)
    assert.equal(errors[0].status, 408)
  } finally {
    server.close()
  }
})

test('a connection closed mid-body is reported, not called back, and leaves nothing pending', { timeout: 30_000 }, async () => {
  const calls = []
  let reported
  const errorReported = new Promise((resolve) => {
    reported = resolve
  })
  const handler = notificationHandler({ client: sandbox.client(), onNotification: (n) => calls.push(n.bill_no), onError: reported })
  let arrived
  const requestArrived = new Promise((resolve) => {
    arrived = resolve
  })
  const server = http.createServer((req, res) => {
    handler(req, res)
    arrived()
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const socket = net.connect(server.address().port, '127.0.0.1')
    socket.on('error', () => {})
    socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"request":')
    await requestArrived // the handler is reading the body: the client goes away
    socket.destroy()
    const error = await errorReported
    assert.equal(error.status, 400)
    assert.match(error.message, /closed before|aborted/)
    assert.deepEqual(calls, [])
  } finally {
    server.close()
  }
})

test('a request a middleware paused is still read', { timeout: 30_000 }, async () => {
  const calls = []
  const handler = notificationHandler({ client: sandbox.client(), onNotification: (n) => calls.push(n.bill_no), timeout: 20 })
  const server = http.createServer((req, res) => {
    req.pause() // as a middleware that looked at the stream might leave it
    setImmediate(() => handler(req, res))
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const { user_id, password } = sandbox.credentials
    const body = JSON.stringify({
      request: 'Payment Notification', trx_id: '9999981200000005', merchant_id: '99999', merchant: 'Sophia Store',
      bill_no: 'EXP-PAUSED', payment_status_code: '2', payment_status_desc: 'Payment Sukses', bill_total: '100',
      payment_total: '100', payment_channel_uid: '812', payment_channel: 'OVO', signature: sha1md5(`${user_id}${password}EXP-PAUSED2`),
    })
    const res = await fetch(`http://127.0.0.1:${server.address().port}/`, { method: 'POST', body })
    assert.equal(res.status, 200)
    assert.equal(JSON.parse(await res.text()).response_code, '00')
    assert.deepEqual(calls, ['EXP-PAUSED'])
  } finally {
    server.close()
  }
})

test('the body decides, not the Content-Type: a genuine notification sent as any type is verified', async () => {
  const { server, calls } = await handlerServer()
  try {
    const { user_id, password } = sandbox.credentials
    const notification = JSON.stringify({
      request: 'Payment Notification', trx_id: '9999981200000003', merchant_id: '99999', merchant: 'Sophia Store',
      bill_no: 'EXP-TYPE', payment_status_code: '2', payment_status_desc: 'Payment Sukses', bill_total: '100',
      payment_total: '100', payment_channel_uid: '812', payment_channel: 'OVO', signature: sha1md5(`${user_id}${password}EXP-TYPE2`),
    })
    const target = `http://127.0.0.1:${server.address().port}/`
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml', undefined]) {
      const res = await fetch(target, { method: 'POST', body: notification, headers: type ? { 'Content-Type': type } : {} })
      assert.equal(res.status, 200, String(type))
      assert.equal(res.headers.get('content-type'), 'application/json')
      assert.equal(JSON.parse(await res.text()).response_code, '00')
    }
    assert.deepEqual(calls, ['EXP-TYPE', 'EXP-TYPE', 'EXP-TYPE', 'EXP-TYPE'])
  } finally {
    server.close()
  }
})

test('a body a parser already consumed is a 500 (Faspay retries) naming the fix; req.rawBody is used', async () => {
  const calls = []
  const errors = []
  const handler = notificationHandler({ client: sandbox.client(), onNotification: (n) => calls.push(n.bill_no), onError: (e) => errors.push(e) })
  const { user_id, password } = sandbox.credentials
  const raw = Buffer.from(JSON.stringify({
    request: 'Payment Notification', trx_id: '9999981200000004', merchant_id: '99999', merchant: 'Sophia Store',
    bill_no: 'EXP-RAW', payment_status_code: '2', payment_status_desc: 'Payment Sukses', bill_total: '100',
    payment_total: '100', payment_channel_uid: '812', payment_channel: 'OVO', signature: sha1md5(`${user_id}${password}EXP-RAW2`),
  }))
  // What express.json() leaves: the stream read, req.body an object; with a `verify` hook
  // (or on a platform that keeps it) the bytes in req.rawBody.
  const server = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      req.body = JSON.parse(raw)
      if (req.url === '/raw') req.rawBody = raw
      handler(req, res)
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const base = `http://127.0.0.1:${server.address().port}`
    const consumed = await fetch(`${base}/`, { method: 'POST', body: raw })
    assert.equal(consumed.status, 500)
    assert.equal(errors.length, 1)
    assert.match(errors[0].message, /already consumed.*express\.raw\(\)/)
    const kept = await fetch(`${base}/raw`, { method: 'POST', body: raw })
    assert.equal(kept.status, 200)
    assert.equal(JSON.parse(await kept.text()).response_code, '00')
    assert.deepEqual(calls, ['EXP-RAW'])
  } finally {
    server.close()
  }
})

test('requests the client builds re-check with node:crypto (signature, sen amounts)', () => {
  const client = sandbox.client()
  const { user_id, password } = sandbox.credentials
  const b = bill()
  const req = client.prepareCreateTransaction(b)
  const body = JSON.parse(req.body.toString())
  assert.equal(body.signature, sha1md5(`${user_id}${password}${b.bill_no}`))
  assert.equal(body.bill_total, '2000025')
  assert.equal(body.item[0].amount, '2000025')
  const status = JSON.parse(client.preparePaymentStatus('9999981200000001', b.bill_no).body.toString())
  assert.equal(status.signature, sha1md5(`${user_id}${password}${b.bill_no}`))
  const push = client.prepareOvoPush('9999981200000001', '081234567890').body.toString()
  assert.ok(push.includes(`signature=${sha1md5(`${user_id}${password}9999981200000001`)}`), push)
  assert.equal(faspay.sign(user_id, password, b.bill_no), sha1md5(`${user_id}${password}${b.bill_no}`))
})

test('options of the wrong type are INVALID_ARGUMENT naming the option', () => {
  const client = sandbox.client()
  const onNotification = () => true
  const SYM = Symbol('wrong')
  const table = [
    ['options', [null, 42, 'x', SYM]],
    ['client', [undefined, null, 42, 'x', {}, SYM]],
    ['onNotification', [undefined, null, 42, 'x', {}, SYM]],
    ['onError', [42, 'x', {}, SYM]],
    ['limit', [null, '65536', 0, -1, 1.5, NaN, Infinity, {}, SYM]],
    ['timeout', [null, '10', 0, -1, NaN, Infinity, 3e6, {}, SYM]],
  ]
  for (const [field, wrongs] of table) {
    for (const wrong of wrongs) {
      const options = field === 'options' ? wrong : { client, onNotification, [field]: wrong }
      assert.throws(() => notificationHandler(options), (e) => {
        assert.ok(faspay.isFaspayError(e), String(e))
        assert.equal(e.code, 'INVALID_ARGUMENT')
        assert.equal(e.field, field)
        return true
      }, `${field} = ${String(wrong)}`)
    }
  }
  assert.equal(typeof notificationHandler({ client, onNotification, onError: null, limit: 1024, timeout: 0.5 }), 'function')
})
