'use strict'
// Error mapping (every core code), panics, settings validation, amounts and redaction.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { inspect } = require('node:util')
const faspay = require('faspay-rs')
const native = require('../index.js')

const SECRET = 'S3cret-Pa55word'
const settings = (extra = {}) => ({
  merchant_id: '99999',
  merchant_name: 'Sophia Store',
  user_id: 'bot99999',
  password: SECRET,
  base_url: 'http://127.0.0.1:9',
  ...extra,
})

test('every core error code maps to an Error with that code, and the TS union lists it', () => {
  const codes = faspay.errorCodes()
  assert.equal(codes.length, 7)
  const dts = fs.readFileSync(path.join(__dirname, '..', 'faspay.d.ts'), 'utf8')
  const union = [...dts.matchAll(/\| '([A-Z_]+)'/g)].map((m) => m[1])
  assert.deepEqual([...union].sort(), [...codes].sort())
  for (const code of codes) {
    assert.equal(faspay.ErrorCode[code], code)
    assert.throws(
      () => native._throwForCode(code, 'boom'),
      (e) => e instanceof Error && e.code === code && e.name === 'FaspayError' && e.message === 'boom' && faspay.isFaspayError(e),
    )
  }
  assert.ok(Object.isFrozen(faspay.ErrorCode))
  assert.throws(() => native._throwForCode('NOPE', 'x'), { code: 'INVALID_ARGUMENT', field: 'code' })
})

test('a panic in the core becomes INTERNAL and the process survives', () => {
  assert.throws(() => native._panicForTest(), { code: 'INTERNAL', name: 'FaspayError' })
  assert.equal(faspay.sign('a', 'b', 'c').length, 40)
})

test("a panic in the binding's own code is INTERNAL too, without its message", () => {
  // The package's entry (native.js) guards every export: napi's catch_unwind catches the
  // panic, the JS layer gives it the documented code and a fixed message.
  const guarded = require('../native.js')
  for (const call of [() => guarded._panicOutsideCoreForTest(), () => guarded._panicForTest()]) {
    assert.throws(call, (e) => {
      assert.equal(e.code, 'INTERNAL')
      assert.ok(faspay.isFaspayError(e), inspect(e))
      assert.match(e.message, /please report it/)
      assert.doesNotMatch(e.message + inspect(e), /p@ssw0rd|deliberate/)
      return true
    })
  }
  // Without the JS layer the process still survives: napi's own error, not an abort.
  assert.throws(() => native._panicOutsideCoreForTest(), { code: 'GenericFailure' })
  assert.equal(faspay.sign('a', 'b', 'c').length, 40)
})

test('settings are validated with the field named', () => {
  const cases = [
    [{ merchant_id: '123' }, 'merchant_id'],
    [{ merchant_name: '' }, 'merchant_name'],
    [{ user_id: ' ' }, 'user_id'],
    [{ password: '' }, 'password'],
    [{ base_url: 'ftp://x' }, 'base_url'],
    [{ timeout: 0 }, 'timeout'],
    [{ timeout: -1 }, 'timeout'],
    [{ connect_timeout: 7200 }, 'connect_timeout'],
    [{ push_timeout: 'slow' }, 'push_timeout'],
    [{ max_retries: 11 }, 'max_retries'],
    [{ max_retries: 1.5 }, 'max_retries'],
    [{ format: 'yaml' }, 'format'],
    [{ environment: 'staging' }, 'environment'],
    [{ amount_unit: 'dollar' }, 'amount_unit'],
    [{ merchantId: '99999' }, 'merchantId'],
    [{ logger: 'console' }, 'logger'],
  ]
  for (const [extra, field] of cases) {
    assert.throws(() => new faspay.Client(settings(extra)), { code: 'INVALID_ARGUMENT', field }, JSON.stringify(extra))
  }
  assert.throws(() => new faspay.Client('99999'), { code: 'INVALID_ARGUMENT', field: 'options' })
})

// The same table as python/tests/test_errors.py and tests/c/api_test.c: a misspelt setting.
test('an unknown setting is named in the SDK\'s words', () => {
  for (const key of ['tiemout', 'merchantId']) {
    assert.throws(() => new faspay.Client(settings({ [key]: 5 })), {
      code: 'INVALID_ARGUMENT',
      field: key,
      message: `${key}: is not a client setting (check its spelling)`,
    })
  }
})

test('defaults and units match the Python client', () => {
  const c = new faspay.Client(settings({ base_url: undefined }))
  assert.equal(c.environment, 'sandbox')
  assert.equal(c.format, 'json')
  assert.equal(c.base_url, 'https://debit-sandbox.faspay.co.id')
  const body = JSON.parse(c.prepareCreateTransaction(bill()).body.toString())
  assert.equal(body.bill_total, '1500000') // sen by default
  const rupiah = new faspay.Client(settings({ amount_unit: 'rupiah' }))
  assert.equal(JSON.parse(rupiah.prepareCreateTransaction(bill()).body.toString()).bill_total, '15000')
})

function bill(extra = {}) {
  return {
    bill_no: 'ORDER-1',
    bill_desc: 'Order 1',
    bill_total: 15000,
    payment_channel: '812',
    cust_no: '42',
    cust_name: 'Budi',
    billing_name: 'Budi',
    msisdn: '081234567890',
    email: 'budi@example.com',
    bill_date: '2026-12-03 10:00:00',
    item: [{ product: 'Kopi', qty: '1', amount: 15000 }],
    ...extra,
  }
}

test('amounts: safe integers, exact decimals and bigints in rupiah; inexact or unsafe refused', () => {
  assert.equal(faspay.amountToWire(15000), '1500000')
  assert.equal(faspay.amountToWire('15000.50'), '1500050')
  assert.equal(faspay.amountToWire(15000n), '1500000')
  assert.equal(faspay.amountToWire(15000, 'rupiah'), '15000')
  for (const bad of [0.1 + 0.2, 2 ** 53, Number.NaN, Infinity, -1, '1e3', 2n ** 70n]) {
    assert.throws(() => faspay.amountToWire(bad), { code: 'INVALID_ARGUMENT' }, String(bad))
  }
  const c = new faspay.Client(settings())
  const wire = (b) => JSON.parse(c.prepareCreateTransaction(b).body.toString())
  assert.equal(wire(bill({ bill_total: '15000.50', item: { product: 'Kopi', qty: 1, amount: '15000.50' } })).bill_total, '1500050')
  assert.equal(wire(bill({ bill_total: 15000n, item: { product: 'Kopi', qty: 1, amount: 15000n } })).bill_total, '1500000')
  assert.throws(() => c.prepareCreateTransaction(bill({ bill_total: 2 ** 60 })), { code: 'INVALID_ARGUMENT', field: 'bill_total' })
  assert.throws(
    () => c.prepareCreateTransaction(bill({ item: [{ product: 'Kopi', qty: 1, amount: 0.1 + 0.2 }] })),
    { code: 'INVALID_ARGUMENT', field: 'item[0].amount' },
  )
  assert.throws(() => c.prepareCreateTransaction(bill({ bill_total: Symbol('x') })), { code: 'INVALID_ARGUMENT', field: 'bill_total' })
  assert.throws(() => c.prepareCreateTransaction('ORDER-1'), { code: 'INVALID_ARGUMENT' })
})

test('the largest amounts: exact up to the wire limit or a coded refusal, the same in every place, never rounded', () => {
  const crypto = require('node:crypto')
  const sha1md5 = (t) => crypto.createHash('sha1').update(crypto.createHash('md5').update(t).digest('hex')).digest('hex')
  const oracle = (rupiah, unit) => String(unit === 'rupiah' ? BigInt(rupiah) : BigInt(rupiah) * 100n)
  const refused = (call, field, message) => assert.throws(call, (e) => {
    assert.equal(e.code, 'INVALID_ARGUMENT')
    assert.equal(e.field, field)
    assert.match(e.message, message)
    return true
  })
  // A whole JS number is an integer, exact when safe: up to the wire's 15 digits it is taken
  // (Rp 999 999 999 999 999 in rupiah, 9 999 999 999 999.99 in sen) in amountToWire, a bill
  // and checkTotal alike; a fraction follows every binding's float rule (sen at most 2^53 - 1).
  for (const [rupiah, unit] of [[9_999_999_999_999, 'sen'], [90_071_992_547_410, 'rupiah'], [999_999_999_999_999, 'rupiah']]) {
    assert.equal(faspay.amountToWire(rupiah, unit), oracle(rupiah, unit), `${rupiah} ${unit}`)
    assert.equal(faspay.amountToWire(BigInt(rupiah), unit), oracle(rupiah, unit))
    assert.equal(faspay.amountToWire(String(rupiah), unit), oracle(rupiah, unit))
  }
  assert.equal(faspay.amountToWire(9_999_999_999_999.99), '999999999999999')
  refused(() => faspay.amountToWire(90_071_992_547_410.5), 'amount', /beyond 2\^53 - 1.*pass a decimal string/)
  for (const [rupiah, unit] of [[10_000_000_000_000, 'sen'], [90_071_992_547_410, 'sen'], [1e15, 'rupiah'], [2 ** 53 - 1, 'rupiah']]) {
    refused(() => faspay.amountToWire(rupiah, unit), 'amount', /more than 15 digits on the wire/)
  }
  for (const unsafe of [2 ** 53, 1e16, -(2 ** 53)]) {
    refused(() => faspay.amountToWire(unsafe, 'rupiah'), 'amount', /not a safe integer/)
  }
  refused(() => faspay.amountToWire(-5, 'rupiah'), 'amount', /negative/)
  refused(() => faspay.amountToWire(10n ** 15n, 'rupiah'), 'amount', /more than 15 digits on the wire/)
  refused(() => faspay.amountToWire('1000000000000000', 'rupiah'), 'amount', /more than 15 digits on the wire/)
  refused(() => faspay.amountToWire(2n ** 64n), 'amount', /bigint out of range/)

  // In a bill: the same numbers, the same limit.
  const c = new faspay.Client(settings({ amount_unit: 'rupiah' }))
  for (const whole of [90_071_992_547_410, 999_999_999_999_999, 999_999_999_999_999n, '999999999999999']) {
    const wire = JSON.parse(c.prepareCreateTransaction(bill({ bill_total: whole, item: { product: 'Kopi', qty: 1, amount: whole } })).body.toString())
    assert.equal(wire.bill_total, oracle(whole, 'rupiah'))
    assert.equal(wire.item[0].amount, oracle(whole, 'rupiah'))
  }
  refused(() => c.prepareCreateTransaction(bill({ bill_total: 1e15 })), 'bill_total', /15 digits/)
  refused(() => c.prepareCreateTransaction(bill({ bill_total: 10n ** 15n })), 'bill_total', /15 digits/)
  refused(() => c.prepareCreateTransaction(bill({ bill_total: 2 ** 53 })), 'bill_total', /safe integer/)

  // checkTotal on a notification of that total (signed here with node:crypto).
  const notification = c.parseNotification(JSON.stringify({
    request: 'Payment Notification', trx_id: '9999981200000001', merchant_id: '99999', merchant: 'Sophia Store',
    bill_no: 'BIG-1', payment_reff: '1', payment_date: '2026-12-03 10:00:00', payment_status_code: '2',
    payment_status_desc: 'Payment Sukses', bill_total: '999999999999999', payment_total: '999999999999999',
    payment_channel_uid: '812', payment_channel: 'OVO', signature: sha1md5(`bot99999${SECRET}BIG-12`),
  }))
  assert.equal(notification.payment_total, '999999999999999')
  assert.equal(notification.checkTotal(999_999_999_999_999n), undefined)
  assert.equal(notification.checkTotal('999999999999999'), undefined)
  refused(() => notification.checkTotal(999_999_999_999_998n), 'payment_total', /999999999999999/)
  assert.equal(notification.checkTotal(999_999_999_999_999), undefined)
  refused(() => notification.checkTotal(2 ** 53), 'expected', /not a safe integer/)
})

test('notificationReply accepts by default, as in Python and PHP; false refuses', () => {
  const crypto = require('node:crypto')
  const sha1md5 = (t) => crypto.createHash('sha1').update(crypto.createHash('md5').update(t).digest('hex')).digest('hex')
  const c = new faspay.Client(settings())
  const notification = c.parseNotification(JSON.stringify({
    request: 'Payment Notification', trx_id: '9999981200000002', merchant_id: '99999', merchant: 'Sophia Store',
    bill_no: 'DEF-1', payment_status_code: '2', payment_status_desc: 'Payment Sukses', bill_total: '1500000',
    payment_total: '1500000', payment_channel_uid: '812', payment_channel: 'OVO', signature: sha1md5(`bot99999${SECRET}DEF-12`),
  }))
  const at = '2026-12-03 10:00:00'
  const code = (reply) => JSON.parse(reply.toString()).response_code
  assert.equal(code(c.notificationReply(notification)), '00')
  assert.deepEqual(c.notificationReply(notification, undefined, at), c.notificationReply(notification, true, at))
  assert.deepEqual(c.notificationReply(notification, null, at), c.notificationReply(notification, true, at))
  assert.equal(code(c.notificationReply(notification, false, at)), '99')
  assert.equal(JSON.parse(c.notificationReply(notification, true, at).toString()).response_date, at)
  assert.throws(() => c.notificationReply(notification, 'yes'), { code: 'INVALID_ARGUMENT', field: 'accepted' })
})

test('a class used the wrong way is INVALID_ARGUMENT saying how to get one, and touches nothing', () => {
  const before = Object.keys(faspay)
  assert.throws(() => faspay.Client(settings()), { code: 'INVALID_ARGUMENT', name: 'FaspayError', message: /new Client/ })
  // Called as a method of the exports, napi would have wrapped the exports object itself.
  assert.equal(native._isClient(faspay), false)
  assert.deepEqual(Object.keys(faspay), before)
  for (const [cls, from] of [[faspay.Notification, /parseNotification/], [faspay.PaymentStatus, /paymentStatus/]]) {
    assert.throws(() => new cls(), { code: 'INVALID_ARGUMENT', name: 'FaspayError', message: from }, cls.name)
    assert.throws(() => cls(), { code: 'INVALID_ARGUMENT', name: 'FaspayError', message: from }, cls.name)
  }
  // A subclass still works: the proxy passes new.target on.
  class Shop extends faspay.Client {
    label() {
      return `shop ${this.merchant_id}`
    }
  }
  const shop = new Shop(settings())
  assert.ok(shop instanceof faspay.Client)
  assert.equal(shop.label(), 'shop 99999')
})

test('a required setting left out is named as missing, a wrong type by its typeof', () => {
  for (const key of ['merchant_id', 'merchant_name', 'user_id', 'password']) {
    const options = settings()
    delete options[key]
    assert.throws(() => new faspay.Client(options), { code: 'INVALID_ARGUMENT', field: key, message: `${key}: is required` })
    assert.throws(() => new faspay.Client({ ...settings(), [key]: undefined }), { code: 'INVALID_ARGUMENT', field: key, message: `${key}: is required` })
  }
  assert.throws(() => new faspay.Client(settings({ timeout: '30' })), { code: 'INVALID_ARGUMENT', field: 'timeout', message: 'timeout: must be a number, got string' })
  assert.throws(() => new faspay.Client(settings({ format: 1 })), { code: 'INVALID_ARGUMENT', field: 'format', message: 'format: must be a string, got number' })
  assert.throws(() => faspay.amountToWire(true), { code: 'INVALID_ARGUMENT', field: 'amount', message: /got boolean$/ })
})

test('dates: a Date is converted to WIB, a string is taken as WIB', () => {
  const c = new faspay.Client(settings())
  const at = new Date(Date.UTC(2026, 11, 3, 3, 0, 0)) // 10:00 WIB
  const body = JSON.parse(c.prepareCreateTransaction(bill({ bill_date: at })).body.toString())
  assert.equal(body.bill_date, '2026-12-03 10:00:00')
  assert.equal(body.bill_expired, '2026-12-04 10:00:00')
  assert.throws(() => c.prepareCreateTransaction(bill({ bill_date: new Date(Number.NaN) })), {
    code: 'INVALID_ARGUMENT',
    field: 'bill_date',
  })
})

test('inspect, JSON.stringify and String() of a client never show the password', () => {
  const c = new faspay.Client(settings())
  for (const text of [inspect(c), inspect(c, { showHidden: true, depth: 5 }), JSON.stringify(c), String(c), `${c}`]) {
    assert.ok(!text.includes(SECRET), text)
    assert.ok(text.includes('99999'), text)
  }
  assert.match(inspect(c), /password: '\*\*\*'/)
})

test('errors never carry the password or a signature pre-image', async () => {
  const c = new faspay.Client(settings({ timeout: 1, max_retries: 0 }))
  const errors = []
  try {
    await c.paymentStatus('9999981200000001', 'ORDER-1') // nothing listens on port 9
  } catch (e) {
    errors.push(e)
  }
  try {
    c.parseNotification('{"request":"Payment Notification","bill_no":"B1","payment_status_code":"2","signature":"00"}')
  } catch (e) {
    errors.push(e)
  }
  try {
    new faspay.Client(settings({ merchant_id: '1' }))
  } catch (e) {
    errors.push(e)
  }
  assert.equal(errors.length, 3)
  assert.equal(errors[0].code, 'TRANSPORT')
  for (const e of errors) {
    for (const text of [inspect(e, { showHidden: true }), JSON.stringify(e), String(e), e.stack]) {
      assert.ok(!text.includes(SECRET), text)
    }
  }
})

test('isPaid / isFinal / descriptions follow the core', () => {
  assert.equal(faspay.isPaid(2), true)
  assert.equal(faspay.isPaid(1), false)
  assert.equal(faspay.isFinal(2), true)
  assert.equal(faspay.isFinal(1), false)
  // A status is a whole number 0..255 (the core's u8): 1000 is no status, not 'unpaid'.
  assert.throws(() => faspay.isPaid(1000), { code: 'INVALID_ARGUMENT', field: 'code' })
  assert.equal(typeof faspay.paymentStatusDescription(2), 'string')
  assert.equal(faspay.responseCodeDescription('55') !== null, true)
  assert.equal(faspay.responseCodeDescription('zz'), null)
})

test('CommonJS and ES module entries export the same names', async () => {
  const esm = await import('faspay-rs')
  const cjsNames = Object.keys(faspay).sort()
  const esmNames = Object.keys(esm).filter((k) => k !== 'default').sort()
  assert.deepEqual(esmNames, cjsNames)
  assert.equal(esm.Client, faspay.Client)
  const testing = await import('faspay-rs/testing')
  assert.equal(testing.startSandbox, require('faspay-rs/testing').startSandbox)
  const express = await import('faspay-rs/express')
  assert.equal(express.notificationHandler, require('faspay-rs/express').notificationHandler)
})

test('production refuses an http:// base_url unless allow_insecure_http is set', () => {
  assert.throws(() => new faspay.Client(settings({ environment: 'production' })), { code: 'INVALID_ARGUMENT', field: 'base_url' })
  const c = new faspay.Client(settings({ environment: 'production', allow_insecure_http: true }))
  assert.equal(c.environment, 'production')
  assert.throws(() => new faspay.Client(settings({ allow_insecure_http: 'yes' })), { code: 'INVALID_ARGUMENT', field: 'allow_insecure_http' })
})

test('max_inbound_bytes refuses a larger notification body before parsing it', () => {
  const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'tests', 'vectors', 'notifications.json'), 'utf8'))
  const body = vectors.cases.find((x) => x.op === 'parse_notification' && x.expect.ok && !x.input.config).input.body
  const limit = Buffer.byteLength(body)
  const exact = new faspay.Client(settings({ password: 'p@ssw0rd', max_inbound_bytes: limit }))
  assert.equal(exact.parseNotification(body).bill_no.length > 0, true)
  const small = new faspay.Client(settings({ password: 'p@ssw0rd', max_inbound_bytes: limit - 1 }))
  assert.throws(() => small.parseNotification(body), { code: 'INVALID_ARGUMENT', field: 'body' })
  const tiny = new faspay.Client(settings({ max_inbound_bytes: 16 }))
  assert.throws(() => tiny.verifyReturn('trx_id=1&merchant_id=99999&bill_no=B1&signature=00'), { code: 'INVALID_ARGUMENT', field: 'query' })
  for (const bad of [0, -1, 1.5, 'big']) {
    assert.throws(() => new faspay.Client(settings({ max_inbound_bytes: bad })), { code: 'INVALID_ARGUMENT', field: 'max_inbound_bytes' })
  }
})

test('a return URL parameter given twice is refused as repeated, also as req.query\'s array', () => {
  const client = new faspay.Client(settings({ password: 'p@ssw0rd' }))
  const signature = faspay.returnUrlSignature('bot99999', 'p@ssw0rd', '1000', '2')
  const query = { trx_id: '1', merchant_id: '99999', bill_no: '1000', status: '2', signature }
  assert.equal(client.verifyReturn(query).bill_no, '1000')
  assert.equal(client.verifyReturn({ ...query, bill_no: ['1000'] }).bill_no, '1000')
  const repeated = new URLSearchParams(query)
  repeated.append('bill_no', '10002')
  // Express parses ?bill_no=1000&bill_no=10002 into an array: the same refusal as the string.
  for (const input of [repeated, repeated.toString(), { ...query, bill_no: ['1000', '10002'] }]) {
    assert.throws(() => client.verifyReturn(input), (e) => {
      assert.equal(e.code, 'INVALID_ARGUMENT')
      assert.equal(e.field, 'bill_no')
      assert.match(e.message, /is repeated/)
      return true
    })
  }
  assert.throws(() => client.verifyReturn({ ...query, bill_no: [{}] }), { code: 'INVALID_ARGUMENT', field: 'bill_no' })
})

test('a notification prints and serializes its fields (no secret is in it to begin with)', () => {
  const fs2 = require('node:fs')
  const vectors = JSON.parse(fs2.readFileSync(path.join(__dirname, '..', '..', 'tests', 'vectors', 'notifications.json'), 'utf8'))
  const c = vectors.cases.find((x) => x.op === 'parse_notification' && x.expect.ok && !x.input.config)
  const client = new faspay.Client(settings({ password: 'p@ssw0rd' }))
  const n = client.parseNotification(c.input.body)
  assert.ok(n instanceof faspay.Notification)
  const json = JSON.parse(JSON.stringify(n))
  assert.equal(json.bill_no, n.bill_no)
  assert.equal(json.payment_status_code, n.payment_status_code)
  assert.match(inspect(n), new RegExp(`^Notification \\{[\\s\\S]*bill_no: '${n.bill_no}'`))
  assert.ok(!inspect(n).includes('p@ssw0rd'))
  // A value that is no amount: the package's own error naming the argument, not napi's.
  for (const wrong of [null, undefined, {}, [], true]) {
    assert.throws(() => n.checkTotal(wrong), { name: 'FaspayError', code: 'INVALID_ARGUMENT', field: 'expected' })
  }
})

test('a bill that contains itself is INVALID_ARGUMENT, not a crash', () => {
  const client = new faspay.Client(settings())
  const bill = { bill_no: '8032149271650394', bill_total: 1000, item: [] }
  bill.extra = bill
  assert.throws(() => client.prepareCreateTransaction(bill), (e) => {
    assert.equal(e.code, 'INVALID_ARGUMENT')
    assert.match(e.message, /nested too deeply/)
    return true
  })
  const items = [bill]
  items.push(items)
  assert.throws(() => client.prepareCreateTransaction({ ...bill, extra: undefined, item: items }), { code: 'INVALID_ARGUMENT' })
})

test('strings of every width reach the body unchanged around the addon\'s 256-byte read buffer', () => {
  const client = new faspay.Client(settings())
  let checked = 0
  for (const [unit, width] of [['a', 1], ['é', 2], ['€', 3], ['😀', 4], ['\uD800', 3]]) {
    for (let bytes = 240; bytes <= 270; bytes++) {
      const count = Math.floor(bytes / width)
      const note = 'x'.repeat(bytes - count * width) + unit.repeat(count)
      if ([...note].length > 256) continue // the core's limit for an extra field
      checked++
      if (unit === '\uD800') {
        // A lone surrogate is not text: refused with the field, never sent as U+FFFD.
        assert.throws(() => client.prepareCreateTransaction(bill({ extra: { note } })), { code: 'INVALID_ARGUMENT', field: 'extra.note' })
        continue
      }
      const body = JSON.parse(client.prepareCreateTransaction(bill({ extra: { note } })).body.toString())
      assert.equal(body.note, note, `${bytes} bytes of ${unit}`)
    }
  }
  assert.equal(checked, 141)
  const emoji = '😀'.repeat(256)
  assert.equal(JSON.parse(client.prepareCreateTransaction(bill({ extra: { note: emoji } })).body.toString()).note, emoji)
  for (let length = 240; length < 270; length++) {
    const key = 'k'.repeat(length) // keys are read the same way; the error names this one
    assert.throws(() => client.prepareCreateTransaction(bill({ [key]: 'v' })), (e) => {
      assert.equal(e.code, 'INVALID_ARGUMENT')
      assert.ok(e.message.includes(`"${key}"`), e.message)
      return true
    })
  }
})

test('a sparse array or binary data in a bill is INVALID_ARGUMENT at once, never read slot by slot', () => {
  const client = new faspay.Client(settings())
  // `new Array(2 ** 32 - 1)` is a few bytes of JS: read as four billion nulls it took the whole
  // memory (an allocation failure aborts the process). A hole is refused where it is.
  const cases = [
    [{ item: new Array(2 ** 32 - 1) }, 'item[0]'],
    [{ note: new Array(2 ** 32 - 1) }, 'note[0]'],
    [{ item: [{ product: 'Kopi', qty: 1, amount: 1000 }, , { product: 'Teh', qty: 1, amount: 1 }] }, 'item[1]'], // eslint-disable-line no-sparse-arrays
    [{ extra: { note: [, 'x'] } }, 'extra.note[0]'], // eslint-disable-line no-sparse-arrays
  ]
  // Binary data is no text: a Buffer read as an object would be one key per byte (a 1 MB
  // Buffer took seconds and hundreds of MB to refuse). Refused before its keys are listed.
  const big = Buffer.alloc(64 * 1024 * 1024)
  for (const binary of [big, new Uint8Array(big.buffer), new DataView(big.buffer), big.buffer, new Float64Array(4)]) {
    cases.push([{ bill_desc: binary }, 'bill_desc'], [{ item: [{ product: binary, qty: 1, amount: 1 }] }, 'item[0].product'])
    cases.push([{ note: binary }, 'note'], [{ extra: { note: binary } }, 'extra.note'], [{ item: [binary] }, 'item[0]'])
  }
  for (const [extra, field] of cases) {
    assert.throws(() => client.prepareCreateTransaction(bill(extra)), (e) => {
      assert.equal(e.code, 'INVALID_ARGUMENT', field)
      assert.equal(e.field, field)
      return true
    })
  }
  for (const binary of [big, new DataView(big.buffer)]) {
    assert.throws(() => client.prepareCreateTransaction(binary), { code: 'INVALID_ARGUMENT' })
  }
  assert.match(client.prepareCreateTransaction(bill()).body.toString(), /"bill_no":"ORDER-1"/)
})
