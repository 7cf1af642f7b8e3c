'use strict'
// The notification handler mounted in Express 4 (the Express 5 shop is examples/express): a
// sandbox delivery is accepted, a forged body refused with 403, and a body parser mounted
// before it (express.raw) is honoured.

const { test, after } = require('node:test')
const assert = require('node:assert/strict')
const express = require('express4')
const { startSandbox } = require('faspay-rs/testing')
const { notificationHandler } = require('faspay-rs/express')

const sandbox = startSandbox({ push_delay: 0 })
after(() => sandbox.close())

async function serve(app) {
  const server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  return { server, url: `http://127.0.0.1:${server.address().port}/notify` }
}

for (const withRaw of [false, true]) {
  test(`Express 4${withRaw ? ' behind express.raw()' : ''}: delivered and accepted, forged refused`, async () => {
    const seen = []
    const app = express()
    const handler = notificationHandler({ client: sandbox.client(), onNotification: (n) => seen.push(n.bill_no) })
    if (withRaw) app.post('/notify', express.raw({ type: '*/*' }), handler)
    else app.post('/notify', handler)
    const { server, url } = await serve(app)
    try {
      sandbox.notifyUrl = url
      const client = sandbox.client()
      const bill_no = `E4-${withRaw}-${Date.now()}`
      const created = await client.createTransaction({
        bill_no,
        bill_desc: 'Express 4',
        bill_total: 1000,
        payment_channel: '812',
        cust_no: '1',
        cust_name: 'Budi',
        billing_name: 'Budi',
        msisdn: '081234567890',
        email: 'budi@example.com',
        item: { product: 'Kopi', qty: 1, amount: 1000 },
      })
      const before = sandbox.deliveries().length
      sandbox.approve(created.trx_id)
      assert.ok(await sandbox.waitForDeliveries(before + 1, 10))
      const delivery = sandbox.deliveries()[before]
      assert.equal(delivery.accepted, true, delivery.error ?? '')
      assert.deepEqual(seen, [bill_no])
      const forged = delivery.request_body.replace(/"signature":"[0-9a-f]+"/, `"signature":"${'1'.repeat(40)}"`)
      const res = await fetch(url, { method: 'POST', body: forged, headers: { 'Content-Type': 'application/json' } })
      assert.equal(res.status, 403)
      assert.deepEqual(seen, [bill_no])
    } finally {
      server.close()
    }
  })
}
