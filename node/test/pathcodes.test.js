'use strict'
// The settable path codes (xml_codes, redirect_code) as the sandbox receives them: checked
// against its raw request log, not against what the client reports.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const { startSandbox } = require('faspay-rs/testing')

let sandbox
before(() => {
  sandbox = startSandbox({ push_delay: 0 })
})
after(() => sandbox.close())

function bill() {
  return {
    bill_no: `CODES-${process.pid}-${Date.now()}`,
    bill_desc: 'Kopi order',
    bill_total: '15000',
    payment_channel: '812',
    cust_no: 42,
    cust_name: 'Budi',
    billing_name: 'Budi',
    msisdn: '081234567890',
    email: 'budi@example.com',
    item: [{ product: 'Kopi', qty: 1, amount: '15000' }],
  }
}

test('xml_codes reach the request path', async () => {
  const client = sandbox.client({
    format: 'xml',
    xml_codes: { payment_channels: 'CH1', payment_status: 'ST2' },
  })
  sandbox.clearRequests()
  await client.paymentChannels()
  const created = await client.createTransaction(bill())
  await client.paymentStatus(created.trx_id, created.bill_no)
  // Overridden codes replace the segment; create_transaction keeps the sandbox's default.
  assert.deepEqual(
    sandbox.requests().map((r) => r.path),
    ['/pws/100001/CH1', '/pws/300011/183xx00010100000', '/pws/100004/ST2'],
  )
})

test('redirect_code reaches the browser request', async () => {
  const client = sandbox.client({ redirect_code: 'R42' })
  const created = await client.createTransaction(bill())
  const url = client.redirectUrl(created.trx_id, created.bill_no)
  assert.ok(url.startsWith(`${sandbox.baseUrl}/pws/100003/R42/`), url)
  sandbox.clearRequests()
  const page = await fetch(url)
  assert.equal(page.status, 200)
  await page.text()
  const received = sandbox.requests()
  assert.equal(received.length, 1)
  assert.equal(received[0].method, 'GET')
  assert.ok(received[0].path.startsWith('/pws/100003/R42/'), received[0].path)
})

test('bad path codes are refused naming the setting', () => {
  for (const [settings, field] of [
    [{ xml_codes: { ovo_push: 'X1' } }, 'xml_codes'],
    [{ xml_codes: { payment_status: 'a/b' } }, 'xml_codes'],
    [{ xml_codes: { cancel_transaction: '' } }, 'xml_codes'],
    [{ xml_codes: { payment_status: 7 } }, 'xml_codes'],
    [{ xml_codes: 'CH1' }, 'xml_codes'],
    [{ redirect_code: 'a?b' }, 'redirect_code'],
    [{ redirect_code: '' }, 'redirect_code'],
    [{ redirect_code: 42 }, 'redirect_code'],
  ]) {
    assert.throws(() => sandbox.client(settings), { code: 'INVALID_ARGUMENT', field }, JSON.stringify(settings))
  }
})
