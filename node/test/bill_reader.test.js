'use strict'
// The three ways a bill object is read. `native.js` lays a plain bill out in the core's field
// order (`billValues`) and the addon reads the values by index (the fastest path); a plain
// object of Faspay's own keys can also be read directly (the object path); anything else goes
// through a JSON tree (the full path), which moves unknown keys into `extra` or names the
// fault. The fast paths must read exactly what the full path reads, and step aside (never
// guess, never fail) otherwise, so every error keeps its code and field.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const faspay = require('faspay-rs')
const native = require('../index.js')
const { billValues } = require('../native.js')

const BENCH_BILL = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'benches', 'inputs', 'bill.json'), 'utf8'))

const SETTINGS = {
  merchant_id: '99999',
  merchant_name: 'Sophia Store',
  user_id: 'bot99999',
  password: 'p@ssw0rd',
  base_url: 'http://127.0.0.1:9',
}
const client = new faspay.Client(SETTINGS)

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

const laidOut = (b) => native._readBillForTest(billValues(b), 'values')
const direct = (b) => native._readBillForTest(b, 'object')
const full = (b) => native._readBillForTest(b, 'tree')
/** What both fast paths read: the same text, or null from both. */
function fast(b) {
  const read = laidOut(b)
  assert.equal(direct(b), read)
  return read
}

test('the fast paths read what the full path reads', () => {
  const cases = {
    'the benchmark bill': BENCH_BILL,
    'number amounts': bill(),
    'string amounts': bill({ bill_total: '15000.50', bill_gross: '15000', item: { product: 'Kopi', qty: 1, amount: '15000.50' } }),
    'bigint amounts': bill({ bill_total: 15000n, bill_tax: 0n, item: [{ product: 'Kopi', qty: 1, amount: 15000n }] }),
    'fraction amounts': bill({ bill_total: 15000.5, item: [{ product: 'Kopi', qty: 1, amount: 15000.5 }] }),
    'one item object': bill({ item: { product: 'Kopi', qty: 2, amount: 15000 } }),
    'two items': bill({ item: [{ product: 'Kopi', qty: 1, amount: 5000 }, { id: 7, product: 'Teh', qty: '2', amount: 10000, tenor: '00' }] }),
    'no items': bill({ item: [] }),
    'numbers as text fields': bill({ cust_no: 42, payment_channel: 812, msisdn: 81234567890 }),
    'Date values': bill({ bill_date: new Date(Date.UTC(2026, 11, 3, 3, 0, 0)), bill_expired: new Date(Date.UTC(2026, 11, 4, 3, 0, 0)) }),
    'null and undefined optional fields': bill({ reserve1: null, reserve2: undefined, bill_gross: null, bill_expired: undefined }),
    'an extra object': bill({ extra: { note: 'n', channel_hint: 'x' } }),
    'text of every width': bill({ bill_desc: 'é€😀 \uFFFD ' + 'x'.repeat(300), cust_name: '' }),
  }
  for (const [name, b] of Object.entries(cases)) {
    const read = fast(b)
    assert.notEqual(read, null, `${name}: took the full path`)
    assert.equal(read, full(b), name)
    assert.equal(native._readBillForTest(billValues(b), 'laid-out-tree'), read, name)
  }
  // And the bytes: what the public API sends for the benchmark bill is unchanged.
  const body = JSON.parse(client.prepareCreateTransaction(BENCH_BILL).body.toString())
  assert.equal(body.bill_no, BENCH_BILL.bill_no)
  assert.equal(body.item.length, 1)
})

test('only own properties are read: a polluted Object.prototype never reaches the body', () => {
  const plain = bill()
  const withExtra = bill({ note: 'n', extra: { channel_hint: 'x' } }) // the full path
  const items = bill({ item: { product: 'Kopi', qty: 1, amount: 15000 } })
  const bodies = [plain, withExtra, items].map((b) => client.prepareCreateTransaction(b).body)
  const reads = [plain, withExtra, items].map((b) => [direct(b), full(b)])
  const polluted = ['bill_expired', 'pay_type', 'tenor', 'reserve1', 'extra']
  try {
    Object.prototype.bill_expired = '2030-01-01 00:00:00' // eslint-disable-line no-extend-native
    Object.prototype.pay_type = '2' // eslint-disable-line no-extend-native
    Object.prototype.tenor = '12' // eslint-disable-line no-extend-native
    Object.prototype.reserve1 = 'polluted' // eslint-disable-line no-extend-native
    Object.prototype.extra = { injected: 'yes' } // eslint-disable-line no-extend-native
    ;[plain, withExtra, items].forEach((b, i) => {
      assert.deepEqual(client.prepareCreateTransaction(b).body, bodies[i], `bill ${i}`)
      assert.deepEqual([direct(b), full(b)], reads[i], `bill ${i}`)
    })
    assert.notEqual(laidOut(plain), null)
    assert.equal(laidOut(plain), reads[0][1])
  } finally {
    for (const key of polluted) delete Object.prototype[key]
  }
  // A bill made from a class or Object.create: its own fields only, on every path.
  const inherited = Object.assign(Object.create({ reserve2: 'from the prototype' }), bill())
  assert.equal(fast(inherited), full(bill()))
  assert.equal(full(inherited), full(bill()))
  assert.deepEqual(client.prepareCreateTransaction(inherited).body, bodies[0])
})

test('the fast paths step aside for what only the full path reads', () => {
  // Keys outside Faspay's tables: the full path moves them into `extra`.
  for (const b of [bill({ note: 'n' }), bill({ note: 12 }), bill({ item: [{ product: 'Kopi', qty: 1, amount: 1, reserve1: 'r' }] })]) {
    assert.equal(fast(b), null)
    assert.match(full(b), /extra: \{"(note|reserve1)"/)
  }
  const wire = JSON.parse(client.prepareCreateTransaction(bill({ note: 12 })).body.toString())
  assert.equal(wire.note, '12')
  // Faults: the fast path never answers them; the full path names the field.
  const faults = [
    [bill({ bill_expire: '2026-12-04 10:00:00' }), 'bill_expire'],
    [bill({ bill_total: 2 ** 60 }), 'bill_total'],
    [bill({ bill_total: -5 }), 'bill_total'],
    [bill({ bill_miscfee: -1n }), 'bill_miscfee'],
    [bill({ bill_total: Number.NaN }), 'bill_total'],
    [bill({ bill_total: Infinity }), 'bill_total'],
    [bill({ bill_total: 2n ** 64n }), 'bill_total'],
    [bill({ bill_total: Symbol('x') }), 'bill_total'],
    [bill({ reserve1: () => 1 }), 'reserve1'],
    [bill({ bill_no: {} }), 'bill_no'],
    [bill({ bill_no: true }), 'bill_no'],
    [bill({ item: 'x' }), 'item'],
    [bill({ item: [{ product: 'Kopi', qty: 1, amount: true }] }), 'item[0].amount'],
    [bill({ item: [{ product: 'Kopi', qty: 1.5, amount: 1 }] }), 'item[0].qty'],
    [bill({ item: [, { product: 'Kopi', qty: 1, amount: 1 }] }), 'item[0]'], // eslint-disable-line no-sparse-arrays
    [bill({ item: [[{ product: 'Kopi', qty: 1, amount: 1 }]] }), 'item[0][0]'],
    [bill({ extra: { note: 1 } }), 'extra.note'],
    [bill({ note: 'x', extra: { note: 'y' } }), 'note'],
    [bill({ bill_date: new Date(Number.NaN) }), 'bill_date'],
    // A lone surrogate (half a UTF-16 pair) is not text: refused, never sent as U+FFFD.
    [bill({ bill_desc: 'Order \uD800' }), 'bill_desc'],
    [bill({ bill_desc: '\uFFFD\uDC00' + 'x'.repeat(300) }), 'bill_desc'],
    [bill({ item: [{ product: 'Kopi \uDBFF', qty: 1, amount: 1 }] }), 'item[0].product'],
    [bill({ note: '\uD800' }), 'note'],
  ]
  for (const [b, field] of faults) {
    assert.equal(fast(b), null, field)
    const values = billValues(b)
    if (values !== null) {
      // Laid out but not read fast: the full path over the layout names the same field.
      assert.throws(() => native._readBillForTest(values, 'laid-out-tree'), { code: 'INVALID_ARGUMENT', field }, field)
    }
    assert.throws(() => full(b), { code: 'INVALID_ARGUMENT', field }, field)
    assert.throws(() => client.prepareCreateTransaction(b), { code: 'INVALID_ARGUMENT', field }, field)
  }
  // Not a plain object: refused naming the argument.
  for (const b of [[bill()], new Date(), null, 'ORDER-1', 42]) {
    assert.equal(fast(b), null)
    assert.throws(() => client.prepareCreateTransaction(b), { code: 'INVALID_ARGUMENT', field: 'bill' })
  }
  // Nested deeper than any bill: refused, not a stack overflow.
  const deep = bill()
  deep.extra = deep
  assert.equal(fast(deep), null)
  assert.throws(() => client.prepareCreateTransaction(deep), { code: 'INVALID_ARGUMENT', message: /nested too deeply/ })
})

test("a getter that throws reaches the caller as its own error, and the client goes on", () => {
  const b = bill()
  let calls = 0
  Object.defineProperty(b, 'bill_desc', {
    enumerable: true,
    get() {
      calls++
      throw new RangeError('getter boom')
    },
  })
  assert.throws(() => billValues(b), { name: 'RangeError' }) // native.js reads it in JS
  assert.equal(calls, 1)
  assert.equal(direct(b), null) // no exception left pending behind the object path
  calls = 0
  assert.throws(() => client.prepareCreateTransaction(b), { name: 'RangeError', message: 'getter boom' })
  assert.equal(calls, 1)
  assert.equal(JSON.parse(client.prepareCreateTransaction(bill()).body.toString()).bill_no, 'ORDER-1')
})

test("a bill's values are read once per call, whichever way the addon reads them", async () => {
  const counted = (extra, where = 'bill') => {
    const counts = { bill_desc: 0, product: 0, proxy: 0 }
    const b = bill(extra)
    Object.defineProperty(b, 'bill_desc', { enumerable: true, get: () => (counts.bill_desc++, 'Order 1') })
    const item = { product: 'Kopi', qty: '1', amount: 15000 }
    Object.defineProperty(item, 'product', { enumerable: true, get: () => (counts.product++, 'Kopi') })
    b.item = [item]
    if (where === 'proxy') {
      const proxied = new Proxy(b, { get: (t, k, r) => (counts.proxy++, Reflect.get(t, k, r)) })
      return [proxied, counts, Object.keys(b).length]
    }
    return [b, counts, Object.keys(b).length]
  }
  const kinds = {
    'a valid bill (laid out)': {},
    'an unknown key (a copy, into extra)': { note: 'n' },
    'an unknown key in extra too': { extra: { hint: 'h' }, zz_unknown: 1 },
    'a fault the laid-out read steps aside for (its tree names it)': { bill_total: Number.NaN },
    'a fault with an unknown key': { bill_total: Number.NaN, note: 'n' },
  }
  for (const [name, extra] of Object.entries(kinds)) {
    for (const where of ['bill', 'proxy']) {
      let [b, counts, keys] = counted(extra, where)
      let prepared
      try {
        prepared = client.prepareCreateTransaction(b)
      } catch (error) {
        assert.equal(error.code, 'INVALID_ARGUMENT', name)
        assert.equal(error.field, 'bill_total', name)
      }
      if (prepared) assert.equal(JSON.parse(prepared.body.toString()).bill_desc, 'Order 1')
      assert.deepEqual([counts.bill_desc, counts.product], [1, 1], `${name} (${where}): prepareCreateTransaction`)
      if (where === 'proxy') assert.equal(counts.proxy, keys, `${name}: one get trap per key`)
      ;[b, counts, keys] = counted(extra, where)
      try {
        await client.createTransaction(b) // nothing listens on :9: TRANSPORT
      } catch (error) {
        assert.ok(['INVALID_ARGUMENT', 'TRANSPORT'].includes(error.code), `${name}: ${error.code}`)
      }
      assert.deepEqual([counts.bill_desc, counts.product], [1, 1], `${name} (${where}): createTransaction`)
      if (where === 'proxy') assert.equal(counts.proxy, keys, `${name}: one get trap per key`)
    }
  }
})

test('the laid-out values follow the field lists of the core, and odd layouts are refused', () => {
  const [billFields, itemFields] = native._billFields()
  assert.ok(billFields.includes('bill_no') && billFields.includes('item') && billFields.includes('extra'))
  assert.deepEqual(itemFields.slice(0, 4), ['id', 'product', 'qty', 'amount'])
  const values = billValues(bill({ item: { product: 'Kopi', qty: 1, amount: 15000 } }))
  assert.equal(values.length, billFields.length)
  assert.equal(values[billFields.indexOf('bill_no')], 'ORDER-1')
  const items = values[billFields.indexOf('item')]
  assert.equal(items.length, 1) // one item object: a list of one, as the core reads it
  assert.equal(items[0][itemFields.indexOf('product')], 'Kopi')
  // Not what native.js makes: the addon steps aside instead of guessing.
  for (const odd of [values.slice(1), [...values, 'x'], Object.assign([...values], { [billFields.indexOf('item')]: 'x' }), {}, null, 'bill']) {
    assert.equal(native._readBillForTest(odd, 'values'), null)
  }
  // The public calls pass the layout; a caller of the raw addon without it is read directly.
  const client2 = new native.Client(SETTINGS)
  const b = bill()
  assert.deepEqual(client2.prepareCreateTransaction(b).body, client2.prepareCreateTransaction(b, billValues(b)).body)
  assert.deepEqual(client.prepareCreateTransaction(b).body, client2.prepareCreateTransaction(b).body)
})
