'use strict'
// Every exported function and method, given a wrong type for each argument (null, undefined, a
// wrong primitive, an object, a Symbol): a FaspayError with code INVALID_ARGUMENT and the
// argument's name in `field`, thrown (or, for a Promise method, rejected): never napi's own
// conversion error, never a crash.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const faspay = require('faspay-rs')
const { startSandbox } = require('faspay-rs/testing')

const SYM = Symbol('wrong')
// The wrong values by the type an argument takes (what each is tried with).
const WRONG = {
  string: [null, undefined, 42, true, {}, [], SYM],
  number: [null, undefined, '42', true, {}, SYM],
  boolean: ['yes', 1, {}, SYM], // optional: null / undefined mean the default
  optionalString: [42, true, {}, SYM],
  strings: [null, undefined, 'x', 42, {}, SYM, [1]],
  amount: [null, undefined, true, {}, [], SYM],
  body: [null, undefined, 42, true, {}, [], SYM],
  bill: [null, undefined, 42, 'bill', true, [], SYM],
  query: [null, undefined, 42, true, SYM],
  at: [42, true, {}, SYM],
  options: [null, undefined, 42, 'x', true, SYM],
  faultOptions: [42, 'x', true, SYM, []],
  defaultedNumber: [null, '1', true, {}, SYM], // undefined: the default
}

const sandbox = startSandbox()
const client = sandbox.client()
const { trx_id: trxId, bill_no: billNo } = (() => {
  // A notification and a status answer from the offline decoders, no network needed.
  return { trx_id: '9999981200000001', bill_no: 'ORDER-1' }
})()
const notification = client.parseNotification(
  JSON.stringify({
    request: 'Payment Notification',
    trx_id: trxId,
    merchant_id: sandbox.credentials.merchant_id,
    merchant: sandbox.credentials.merchant_name,
    bill_no: billNo,
    payment_status_code: '2',
    payment_status_desc: 'Payment Sukses',
    bill_total: '1500000',
    payment_total: '1500000',
    payment_channel_uid: '812',
    payment_channel: 'OVO',
    signature: faspay.notificationSignature(sandbox.credentials.user_id, sandbox.credentials.password, billNo, '2'),
  }),
)
const statusBody = JSON.stringify({
  response: 'Inquiry Status Payment',
  trx_id: trxId,
  merchant_id: sandbox.credentials.merchant_id,
  merchant: sandbox.credentials.merchant_name,
  bill_no: billNo,
  payment_reff: null,
  payment_date: null,
  payment_status_code: '2',
  payment_status_desc: 'Payment Sukses',
  payment_total: '1500000',
  response_code: '00',
  response_desc: 'Sukses',
})
const status = client.decodeResponse('payment_status', 200, statusBody)
const okBody = '{"response":"x"}'

// [what, call(args), [argument name (the error's field), its type, a valid value], ...]
const S = (field) => [field, 'string', 'x']
const CASES = [
  ['sign', (a) => faspay.sign(...a), [S('user_id'), S('password'), S('suffix')]],
  ['verify', (a) => faspay.verify(...a), [S('expected'), S('received')]],
  ['channelInquirySignature', (a) => faspay.channelInquirySignature(...a), [S('user_id'), S('password')]],
  ...['postDataSignature', 'inquirySignature', 'cancelSignature', 'redirectSignature'].map((name) => [
    name,
    (a) => faspay[name](...a),
    [S('user_id'), S('password'), S('bill_no')],
  ]),
  ['ovoPushSignature', (a) => faspay.ovoPushSignature(...a), [S('user_id'), S('password'), S('trx_id')]],
  ['notificationSignature', (a) => faspay.notificationSignature(...a),
    [S('user_id'), S('password'), S('bill_no'), S('payment_status_code')]],
  ['returnUrlSignature', (a) => faspay.returnUrlSignature(...a),
    [S('user_id'), S('password'), S('bill_no'), S('status')]],
  ['signMessage', (a) => faspay.signMessage(...a),
    [['message', 'string', 'post_data'], S('user_id'), S('password'), ['values', 'strings', ['B1']]]],
  ...['isPaid', 'isFinal', 'paymentStatusDescription'].map((name) => [
    name,
    (a) => faspay[name](...a),
    [['code', 'number', 2]],
  ]),
  ['responseCodeDescription', (a) => faspay.responseCodeDescription(...a), [S('code')]],
  ['amountToWire', (a) => faspay.amountToWire(...a), [['amount', 'amount', 15000], ['unit', 'optionalString', 'sen']]],
  ['billNoPrefixRisk', (a) => faspay.billNoPrefixRisk(...a), [['bill_nos', 'strings', ['A1', 'A2']]]],
  ['new Client', (a) => new faspay.Client(...a), [['options', 'options', sandbox.credentials]]],
  ['client.createTransaction', (a) => client.createTransaction(...a), [['bill', 'bill', {}]]],
  ['client.prepareCreateTransaction', (a) => client.prepareCreateTransaction(...a), [['bill', 'bill', {}]]],
  ['client.ovoPush', (a) => client.ovoPush(...a), [S('trx_id'), S('ovo_number')]],
  ['client.paymentStatus', (a) => client.paymentStatus(...a), [S('trx_id'), S('bill_no')]],
  ['client.cancelTransaction', (a) => client.cancelTransaction(...a), [S('trx_id'), S('bill_no'), S('reason')]],
  ['client.ovoPushForm', (a) => client.ovoPushForm(...a), [S('trx_id'), S('ovo_number')]],
  ['client.redirectUrl', (a) => client.redirectUrl(...a), [S('trx_id'), S('bill_no')]],
  ['client.preparePaymentStatus', (a) => client.preparePaymentStatus(...a), [S('trx_id'), S('bill_no')]],
  ['client.prepareCancelTransaction', (a) => client.prepareCancelTransaction(...a),
    [S('trx_id'), S('bill_no'), S('reason')]],
  ['client.prepareOvoPush', (a) => client.prepareOvoPush(...a), [S('trx_id'), S('ovo_number')]],
  ['client.parseNotification', (a) => client.parseNotification(...a), [['body', 'body', okBody]]],
  ['client.decodeResponse', (a) => client.decodeResponse(...a),
    [['operation', 'string', 'payment_status'], ['http_status', 'number', 200], ['body', 'body', okBody]]],
  ['client.notificationReply', (a) => client.notificationReply(...a), [
    ['notification', 'notification', notification],
    ['accepted', 'boolean', true],
    ['at', 'at', '2026-12-03 10:00:00'],
  ]],
  ['client.verifyReturn', (a) => client.verifyReturn(...a), [['query', 'query', 'a=b']]],
  ['notification.checkTotal', (a) => notification.checkTotal(...a), [['expected', 'amount', 15000]]],
  ['status.checkTotal', (a) => status.checkTotal(...a), [['expected', 'amount', 15000]]],
  ['startSandbox', (a) => faspay.startSandbox(...a).close(), [['options', 'startOptions', {}]]],
  ...['approve', 'reject', 'fail', 'expire', 'reverse', 'transaction'].map((name) => [
    `sandbox.${name}`,
    (a) => sandbox[name](...a),
    [S('trx_id')],
  ]),
  ['sandbox.advanceClock', (a) => sandbox.advanceClock(...a), [['seconds', 'number', 0]]],
  ['sandbox.requestCount', (a) => sandbox.requestCount(...a), [['operation', 'string', 'payment_status']]],
  ['sandbox.waitForDeliveries', (a) => sandbox.waitForDeliveries(...a),
    [['count', 'number', 0], ['timeout', 'defaultedNumber', 0]]],
  ['sandbox.setFault', (a) => sandbox.setFault(...a), [['kind', 'string', 'reset'], ['options', 'faultOptions', {}]]],
  ...[['notifyUrl', 'notify_url', 'optionalString'], ['notifyFormat', 'notify_format', 'string'],
    ['pushDelay', 'push_delay', 'number'], ['strict', 'strict', 'boolean'],
    ['uniqueBillNo', 'unique_bill_no', 'boolean']].map(([property, field, type]) => [
    `sandbox.${property} =`,
    ([value]) => {
      sandbox[property] = value
    },
    [[field, type, sandbox[property]]],
  ]),
]

WRONG.notification = [null, undefined, 'x', 42, {}, SYM, status, Object.create(faspay.Notification.prototype)]
WRONG.startOptions = ['x', 42, true, SYM]
// The sandbox setters: `undefined` / `null` for a required value is a wrong type too (the
// notify URL's null turns notifications off).
const SETTER_WRONG = { string: [null, undefined, 42, {}, SYM], number: [null, undefined, '1', {}, SYM],
  boolean: [null, undefined, 'yes', 1, {}, SYM], optionalString: [42, true, {}, SYM] }

function show(value) {
  if (typeof value === 'symbol') return 'Symbol'
  if (value === undefined) return 'undefined'
  if (value instanceof faspay.PaymentStatus) return 'a PaymentStatus'
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

function expectInvalid(result, field, label) {
  const check = (error) => {
    assert.ok(faspay.isFaspayError(error), `${label}: not a FaspayError: ${error?.stack ?? error}`)
    assert.equal(error.code, 'INVALID_ARGUMENT', `${label}: ${error.message}`)
    assert.equal(error.field, field, `${label}: ${error.message}`)
    return true
  }
  return check(result)
}

test('every argument of a wrong type is INVALID_ARGUMENT naming it', async () => {
  let checked = 0
  for (const [what, call, args] of CASES) {
    const setter = what.endsWith(' =')
    for (let i = 0; i < args.length; i++) {
      const [field, type] = args[i]
      const wrongs = setter ? SETTER_WRONG[type] : WRONG[type]
      assert.ok(wrongs, `${what}: no wrong values for ${type}`)
      for (const wrong of wrongs) {
        const values = args.map((a) => a[2])
        values[i] = wrong
        const label = `${what} with ${field} = ${show(wrong)}`
        let result
        try {
          result = call(values)
        } catch (error) {
          expectInvalid(error, field, label)
          checked++
          continue
        }
        assert.ok(result instanceof Promise, `${label}: returned ${show(result)} instead of failing`)
        await assert.rejects(result, (error) => expectInvalid(error, field, label), label)
        checked++
      }
    }
  }
  assert.ok(checked > 250, `only ${checked} cases`)
})

test('a Promise method rejects on a wrong argument: it never throws synchronously', async () => {
  for (const call of [
    () => client.paymentStatus(null, 'x'),
    () => client.ovoPush('x', SYM),
    () => client.cancelTransaction('x', 'y', {}),
    () => client.createTransaction(null),
    () => sandbox.waitForDeliveries('1'),
  ]) {
    const promise = call()
    assert.ok(promise instanceof Promise)
    await assert.rejects(promise, { code: 'INVALID_ARGUMENT' })
  }
})

test('the valid values of the table work, so each wrong one is the only fault', async () => {
  assert.equal(faspay.sign('x', 'x', 'x').length, 40)
  assert.equal(faspay.amountToWire(15000, 'sen'), '1500000')
  assert.equal(faspay.isPaid(2), true)
  assert.equal(client.notificationReply(notification, true, '2026-12-03 10:00:00').length > 0, true)
  assert.equal(notification.checkTotal(15000), undefined)
  assert.equal(status.checkTotal(15000), undefined)
  assert.equal(await sandbox.waitForDeliveries(0, 0), true)
  assert.equal(faspay.signMessage('post_data', 'x', 'x', ['B1']).length, 40)
})

test.after(() => sandbox.close())

test("a method or accessor called on another object is INVALID_ARGUMENT naming 'this', never a crash", () => {
  // napi reads `this`'s native data as the class's: another class's instance crashed Node.
  const { SandboxServer } = require('../native.js')
  const server = new SandboxServer({ push_delay: 0 })
  const others = [{}, null, undefined, 42, client, notification, status, server]
  let checked = 0
  try {
    for (const cls of [faspay.Client, faspay.Notification, faspay.PaymentStatus, SandboxServer]) {
      for (const key of Reflect.ownKeys(cls.prototype)) {
        if (key === 'constructor') continue
        const d = Object.getOwnPropertyDescriptor(cls.prototype, key)
        const calls = [d.value, d.get, d.set].filter((fn) => typeof fn === 'function')
        for (const fn of calls) {
          for (const other of others) {
            if (other instanceof cls || typeof key === 'symbol') continue
            assert.throws(() => fn.call(other, 'x'), (e) => {
              assert.ok(faspay.isFaspayError(e), `${cls.name}.${key}: ${e?.stack ?? e}`)
              assert.equal(e.code, 'INVALID_ARGUMENT')
              assert.equal(e.field, 'this')
              return true
            }, `${cls.name}.${String(key)}`)
            checked++
          }
        }
      }
    }
  } finally {
    server.closeSync()
  }
  assert.ok(checked > 200, `only ${checked} cases`)
})

// Numbers napi would wrap or truncate (`2.5` → 2, `2 ** 32 + 2` → 2, `-1` → 4294967295, `NaN` /
// `Infinity` → 0): every whole-number argument or option refuses them, naming itself, so a
// garbage number never becomes a real status, count or port. Durations in seconds may be
// fractional, never negative, NaN or infinite.
const NOT_WHOLE = [2.5, 2 ** 32 + 2, -1, -4294967294, NaN, Infinity, -Infinity]
const NOT_SECONDS = [-1, -0.5, NaN, Infinity, -Infinity]
const { notificationHandler } = require('faspay-rs/express')

// [what, call(value), field, the bad values, a good value]
const NUMBER_CASES = [
  ...['isPaid', 'isFinal', 'paymentStatusDescription'].map((name) => [
    name, (v) => faspay[name](v), 'code', [...NOT_WHOLE, 256], 2,
  ]),
  ['client.decodeResponse', (v) => client.decodeResponse('payment_status', v, statusBody), 'http_status',
    [...NOT_WHOLE, 65536], 200],
  ['sandbox.waitForDeliveries', (v) => sandbox.waitForDeliveries(v, 0), 'count', NOT_WHOLE, 0],
  ['sandbox.waitForDeliveries', (v) => sandbox.waitForDeliveries(0, v), 'timeout', NOT_SECONDS, 0.001],
  ['sandbox.advanceClock', (v) => sandbox.advanceClock(v), 'seconds', NOT_SECONDS, 0.5],
  ['sandbox.pushDelay =', (v) => { sandbox.pushDelay = v }, 'push_delay', NOT_SECONDS, 0.5],
  ...['times', 'status'].map((key) => [
    `sandbox.setFault(${key})`,
    (v) => {
      sandbox.setFault('server_error', { [key]: v, endpoint: 'payment_channels' })
      sandbox.clearFaults()
    },
    key, NOT_WHOLE, 1,
  ]),
  ['sandbox.setFault(seconds)', (v) => {
    sandbox.setFault('latency', { seconds: v, endpoint: 'payment_channels' })
    sandbox.clearFaults()
  }, 'seconds', NOT_SECONDS, 0.5],
  ...['timeout', 'connect_timeout', 'push_timeout', 'retry_backoff', 'bill_validity', 'dns_cache_ttl'].map((key) => [
    `new Client(${key})`, (v) => new faspay.Client({ ...sandbox.credentials, [key]: v }), key, NOT_SECONDS, 2.5,
  ]),
  ...['max_retries', 'max_idle_connections'].map((key) => [
    `new Client(${key})`, (v) => new faspay.Client({ ...sandbox.credentials, [key]: v }), key, NOT_WHOLE, 3,
  ]),
  // Byte counts are 64-bit: 2 ** 32 + 2 bytes is a (large) limit, not a wrapped one.
  ...['max_response_bytes', 'max_inbound_bytes'].map((key) => [
    `new Client(${key})`, (v) => new faspay.Client({ ...sandbox.credentials, [key]: v }), key,
    NOT_WHOLE.filter((v) => v !== 2 ** 32 + 2), 2 ** 32 + 2,
  ]),
  ...['port', 'threads', 'notify_max_retries'].map((key) => [
    `startSandbox(${key})`, (v) => faspay.startSandbox({ [key]: v }).close(), key,
    key === 'port' ? [...NOT_WHOLE, 65536] : NOT_WHOLE, key === 'port' ? 0 : 1,
  ]),
  ...['push_delay', 'notify_retry_delay'].map((key) => [
    `startSandbox(${key})`, (v) => faspay.startSandbox({ [key]: v }).close(), key, NOT_SECONDS, 0.5,
  ]),
  ['notificationHandler(limit)', (v) => notificationHandler({ client, onNotification: () => {}, limit: v }), 'limit',
    [...NOT_WHOLE.filter((v) => v !== 2 ** 32 + 2), 0], 1024],
]

test('a number napi would wrap or truncate is INVALID_ARGUMENT naming its argument', async () => {
  let checked = 0
  for (const [what, call, field, bad, good] of NUMBER_CASES) {
    await call(good) // the good value works: each bad one is the only fault
    for (const value of bad) {
      const label = `${what} with ${field} = ${value}`
      let result
      try {
        result = call(value)
      } catch (error) {
        expectInvalid(error, field, label)
        checked++
        continue
      }
      assert.ok(result instanceof Promise, `${label}: returned ${show(result)} instead of failing`)
      await assert.rejects(result, (error) => expectInvalid(error, field, label), label)
      checked++
    }
  }
  assert.ok(checked > 150, `only ${checked} cases`)
})

test('isPaid and friends read a whole status 0..255, never a wrapped one', () => {
  assert.equal(faspay.isPaid(2), true)
  assert.equal(faspay.isFinal(7), true)
  assert.equal(faspay.isPaid(255), false)
  assert.equal(typeof faspay.paymentStatusDescription(255), 'string')
  assert.equal(faspay.isPaid(-0), false)
})

test("amountToWire's unknown unit names the argument 'unit'", () => {
  assert.throws(() => faspay.amountToWire(1, 'bogus'), { code: 'INVALID_ARGUMENT', field: 'unit' })
})

test("an object given a class's prototype (Object.setPrototypeOf) is INVALID_ARGUMENT 'this', never read as one", () => {
  // It passes `instanceof`; napi would read its native data (none, or another class's, which
  // crashed Node) as the class's. Each instance carries a Node-API type tag checked first.
  const { SandboxServer } = require('../native.js')
  const server = new SandboxServer({ push_delay: 0 })
  let checked = 0
  try {
    const classes = [faspay.Client, faspay.Notification, faspay.PaymentStatus, SandboxServer]
    const real = [client, notification, status, server]
    for (const cls of classes) {
      for (const key of Reflect.ownKeys(cls.prototype)) {
        if (key === 'constructor' || typeof key === 'symbol') continue
        const d = Object.getOwnPropertyDescriptor(cls.prototype, key)
        const calls = [d.value, d.get, d.set].filter((fn) => typeof fn === 'function')
        for (const fn of calls) {
          // A fresh plain object, and a real instance of each other class, given cls's prototype.
          const forgeries = [() => Object.setPrototypeOf({}, cls.prototype), () => Object.create(cls.prototype)]
          for (const other of real) {
            if (other instanceof cls) continue
            forgeries.push(() => {
              const proto = Object.getPrototypeOf(other)
              Object.setPrototypeOf(other, cls.prototype)
              return [other, () => Object.setPrototypeOf(other, proto)]
            })
          }
          for (const forge of forgeries) {
            let made = forge()
            let restore = () => {}
            if (Array.isArray(made)) [made, restore] = made
            try {
              assert.ok(made instanceof cls)
              assert.throws(() => fn.call(made, 'x'), (e) => {
                assert.ok(faspay.isFaspayError(e), `${cls.name}.${key}: ${e?.stack ?? e}`)
                assert.equal(e.code, 'INVALID_ARGUMENT')
                assert.equal(e.field, 'this')
                return true
              }, `${cls.name}.${String(key)}`)
            } finally {
              restore()
            }
            checked++
          }
        }
      }
    }
    // As an argument: a forged Notification is refused by name, not read.
    for (const forged of [Object.setPrototypeOf({}, faspay.Notification.prototype), status]) {
      const proto = Object.getPrototypeOf(forged)
      Object.setPrototypeOf(forged, faspay.Notification.prototype)
      try {
        assert.throws(() => client.notificationReply(forged, true), { code: 'INVALID_ARGUMENT', field: 'notification' })
      } finally {
        Object.setPrototypeOf(forged, proto)
      }
      checked++
    }
    // The real instances still work.
    assert.equal(notification.trx_id, trxId)
    assert.equal(status.bill_no, billNo)
    assert.equal(client.merchant_id, sandbox.credentials.merchant_id)
  } finally {
    server.closeSync()
  }
  assert.ok(checked > 400, `only ${checked} cases`)
})

test("sandbox.client(overrides) refuses anything but an object, naming 'overrides'", () => {
  for (const wrong of ['xml', 42, [], true, Symbol('x')]) {
    assert.throws(() => sandbox.client(wrong), { code: 'INVALID_ARGUMENT', field: 'overrides', name: 'FaspayError' }, String(wrong))
  }
  for (const none of [undefined, null, {}]) assert.equal(sandbox.client(none).format, 'json')
  assert.equal(sandbox.client({ format: 'xml' }).format, 'xml')
})
