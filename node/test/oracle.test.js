'use strict'
// An independent oracle: every request the sandbox received from the Node client (JSON, XML
// and the OVO form) is re-checked with node:crypto and plain parsing, without faspay-rs: the
// signature for its message, and the amounts in sen (rupiah x 100).

const { test } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const { startSandbox } = require('faspay-rs/testing')

const md5 = (text) => crypto.createHash('md5').update(text, 'utf8').digest('hex')
const sha1 = (text) => crypto.createHash('sha1').update(text, 'utf8').digest('hex')
const sign = (userId, password, suffix = '') => sha1(md5(`${userId}${password}${suffix}`))

/** The top-level fields of a request body: JSON, Faspay's XML, or the OVO form. */
function fields(body) {
  const text = body.toString('utf8')
  if (text.startsWith('{')) return JSON.parse(text)
  if (text.startsWith('<')) {
    const out = {}
    const top = text.replace(/<item>[\s\S]*?<\/item>/g, '')
    for (const [, name, value] of top.matchAll(/<([a-z_0-9]+)>([^<]*)<\/\1>/g)) out[name] = value
    out.item = [...text.matchAll(/<item>([\s\S]*?)<\/item>/g)].map(([, inner]) =>
      Object.fromEntries([...inner.matchAll(/<([a-z_0-9]+)>([^<]*)<\/\1>/g)].map(([, n, v]) => [n, v])),
    )
    return out
  }
  return Object.fromEntries(new URLSearchParams(text))
}

for (const format of ['json', 'xml']) {
  test(`${format}: every request the sandbox received carries the right signature and sen amounts`, async () => {
    const sandbox = startSandbox({ push_delay: 0 })
    try {
      const client = sandbox.client({ format })
      const { user_id, password } = sandbox.credentials
      const totals = new Map() // bill_no -> rupiah as given to the client
      await client.paymentChannels()
      for (const [n, total, item] of [
        [1, '15000', 15000],
        [2, '20000.25', '20000.25'],
        [3, 99999999999n, 99999999999n],
      ]) {
        const bill_no = `ORC-${format}-${n}`
        totals.set(bill_no, String(total))
        const created = await client.createTransaction({
          bill_no,
          bill_desc: 'Oracle',
          bill_total: total,
          payment_channel: '812',
          cust_no: '1',
          cust_name: 'Budi',
          billing_name: 'Budi',
          msisdn: '081234567890',
          email: 'budi@example.com',
          item: [{ product: 'Kopi', qty: '1', amount: item }],
        })
        await client.paymentStatus(created.trx_id, bill_no)
        if (n === 1) await client.ovoPush(created.trx_id, '081234567890')
        if (n === 2) await client.cancelTransaction(created.trx_id, bill_no, 'oracle')
      }
      const requests = sandbox.requests()
      assert.equal(requests.length, 1 + 3 * 2 + 2)
      let creates = 0
      for (const r of requests) {
        assert.equal(r.method, 'POST')
        assert.equal(r.response_status, 200, r.response_body.toString())
        const f = fields(r.body)
        if (r.path.endsWith('ovo_direct')) {
          assert.equal(f.signature, sign(user_id, password, f.trx_id), r.path)
        } else if (f.bill_no === undefined) {
          assert.equal(f.signature, sign(user_id, password), r.path) // channel inquiry
        } else {
          assert.equal(f.signature, sign(user_id, password, f.bill_no), r.path)
        }
        if (f.bill_total !== undefined) {
          creates += 1
          const [whole, cents = ''] = totals.get(f.bill_no).split('.')
          const sen = `${whole}${cents.padEnd(2, '0')}`.replace(/^0+(?=\d)/, '')
          assert.equal(f.bill_total, sen, f.bill_no)
          const items = Array.isArray(f.item) ? f.item : [f.item]
          assert.equal(items[0].amount, sen, f.bill_no)
        }
      }
      assert.equal(creates, 3)
      sandbox.clearRequests()
      assert.deepEqual(sandbox.requests(), [])

      // A client with the wrong password: the sandbox answers 55, and the oracle agrees that
      // the signature it received is not the one the real password gives.
      const wrong = sandbox.client({ format, password: 'not-the-password' })
      await assert.rejects(wrong.paymentStatus('9999981200000001', 'ORC-WRONG'), { code: 'API_ERROR', responseCode: '55' })
      const [received] = sandbox.requests()
      const f = fields(received.body)
      assert.notEqual(f.signature, sign(user_id, password, f.bill_no))
      assert.equal(f.signature, sign(user_id, 'not-the-password', f.bill_no))
    } finally {
      await sandbox.close()
    }
  })
}

test('xml: text is escaped in the body and reads back exactly; json carries it as is', async () => {
  const sandbox = startSandbox({ push_delay: 0 })
  try {
    const tricky = `Kopi & "Teh" <susu> 'gula' ]]> \u00e9\u20ac`
    // XML 1.0's entities, read back here (not by faspay-rs).
    const unescape = (text) =>
      text.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (_, e) =>
        ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e.toLowerCase()] ??
        String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)))
    for (const format of ['xml', 'json']) {
      const client = sandbox.client({ format })
      const bill_no = `ORC-ESC-${format}`
      await client.createTransaction({
        bill_no, bill_desc: tricky, bill_total: 1000, payment_channel: '812', cust_no: '1', cust_name: 'Budi',
        billing_name: 'Budi', msisdn: '081234567890', email: 'budi@example.com', item: [{ product: tricky, qty: 1, amount: 1000 }],
      })
      const body = sandbox.requests().find((r) => r.body.includes(bill_no)).body.toString('utf8')
      if (format === 'json') {
        const parsed = JSON.parse(body)
        assert.equal(parsed.bill_desc, tricky)
        assert.equal(parsed.item[0].product, tricky)
        continue
      }
      // Every `&` starts an entity, no raw `<` or `>` inside a text node, and the text reads back.
      assert.doesNotMatch(body, /&(?!(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);)/i)
      const desc = /<bill_desc>([^<]*)<\/bill_desc>/.exec(body)
      assert.ok(desc, body)
      assert.equal(unescape(desc[1]), tricky)
      const product = /<product>([^<]*)<\/product>/.exec(body)
      assert.equal(unescape(product[1]), tricky)
      // `]]>` may not appear raw in text (XML 1.0, 2.4).
      assert.ok(!body.includes(']]>'), body)
    }
  } finally {
    await sandbox.close()
  }
})
