'use strict'
// The shop end to end: the app on a real port, the sandbox delivering real notifications to
// it over HTTP. Checkout + push, an idempotent order update (a repeat delivery changes nothing
// and still gets 00), a paid notification for the wrong amount refused, a forged one refused,
// and a return page that is verified but not trusted.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const { notificationSignature, returnUrlSignature } = require('faspay-rs')
const { startSandbox } = require('faspay-rs/testing')
const { createShop } = require('../shop.js')

let sandbox
let server
let base
const orders = new Map()
const applied = new Set()

before(async () => {
  sandbox = startSandbox({ push_delay: 0, notify_retry_delay: 0.05, notify_max_retries: 1 })
  const app = createShop({ client: sandbox.client(), orders, applied })
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  base = `http://127.0.0.1:${server.address().port}`
  sandbox.notifyUrl = `${base}/faspay/notify`
})
after(async () => {
  server.close()
  await sandbox.close()
})

const checkout = (bill_no, ovo_number = '081234567890') =>
  fetch(`${base}/checkout`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ bill_no, ovo_number }),
  }).then(async (r) => ({ status: r.status, body: await r.json() }))

test('checkout, OVO approval, the notification marks the order paid once', async () => {
  orders.set('SHOP-1', { total: '15000', status: 'new' })
  const res = await checkout('SHOP-1')
  assert.equal(res.status, 200)
  assert.ok(await sandbox.waitForDeliveries(1, 10))
  const [delivery] = sandbox.deliveries()
  assert.equal(delivery.accepted, true, delivery.error ?? '')
  assert.equal(orders.get('SHOP-1').status, 'paid')
  assert.equal(applied.size, 1)

  // A repeat delivery of the same notification: still 00, nothing changes.
  orders.get('SHOP-1').status = 'shipped'
  const repeat = await fetch(`${base}/faspay/notify`, { method: 'POST', body: delivery.request_body })
  assert.equal(repeat.status, 200)
  assert.equal(JSON.parse(await repeat.text()).response_code, '00')
  assert.equal(orders.get('SHOP-1').status, 'shipped')
  assert.equal(applied.size, 1)
})

test('a paid notification whose payment_total differs from the order is refused', async () => {
  orders.set('SHOP-2', { total: '20000', status: 'new' })
  const before = sandbox.deliveries().length
  const res = await checkout('SHOP-2', '081234567999') // this customer has not answered yet
  orders.get('SHOP-2').total = '25000' // the order changed after the bill was created
  sandbox.approve(res.body.trx_id) // now the customer pays the bill's 20000
  assert.ok(await sandbox.waitForDeliveries(before + 2, 10)) // refused, retried, refused
  const attempts = sandbox.deliveries().slice(before)
  assert.ok(attempts.every((d) => d.bill_no === 'SHOP-2' && !d.accepted))
  assert.equal(orders.get('SHOP-2').status, 'pending')
})

test('a rejected OVO payment marks the order failed', async () => {
  orders.set('SHOP-3', { total: '5000', status: 'new' })
  const before = sandbox.deliveries().length
  await checkout('SHOP-3', '081234567000') // the simulated customer rejects
  assert.ok(await sandbox.waitForDeliveries(before + 1, 10))
  assert.equal(orders.get('SHOP-3').status, 'failed')
})

test('a forged notification is refused and changes nothing', async () => {
  orders.set('SHOP-4', { total: '1000', status: 'pending' })
  const forged = JSON.stringify({
    request: 'Payment Notification',
    trx_id: '9999981200000099',
    merchant_id: '99999',
    merchant: 'Sophia Store',
    bill_no: 'SHOP-4',
    payment_status_code: '2',
    payment_status_desc: 'Payment Sukses',
    payment_total: '100000',
    payment_channel_uid: '812',
    payment_channel: 'OVO',
    signature: crypto.createHash('sha1').update('forged').digest('hex'),
  })
  const res = await fetch(`${base}/faspay/notify`, { method: 'POST', body: forged })
  assert.equal(res.status, 403)
  assert.equal(orders.get('SHOP-4').status, 'pending')
})

test('a validly signed notification carrying another bill\'s trx_id is refused', async () => {
  // trx_id is not signed: someone holding a signature for this bill_no and status (the prefix
  // attack on variable-length bill numbers) could send it with any trx_id.
  orders.set('SHOP-8', { total: '15000', status: 'new' })
  const res = await checkout('SHOP-8', '081234567999') // this customer has not answered yet
  const { user_id, password } = sandbox.credentials
  const forged = JSON.stringify({
    request: 'Payment Notification', trx_id: '9999981200000999', merchant_id: '99999',
    merchant: 'Sophia Store', bill_no: 'SHOP-8', payment_reff: 'r', payment_date: '2026-12-03 10:00:00',
    payment_status_code: '2', payment_status_desc: 'Payment Sukses', bill_total: '1500000',
    payment_total: '1500000', payment_channel_uid: '812', payment_channel: 'OVO',
    signature: notificationSignature(user_id, password, 'SHOP-8', '2'),
  })
  assert.notEqual(res.body.trx_id, '9999981200000999')
  const answer = await fetch(`${base}/faspay/notify`, { method: 'POST', body: forged })
  assert.equal(JSON.parse(await answer.text()).response_code, '99')
  assert.equal(orders.get('SHOP-8').status, 'pending')
})

test('a reversal unpays a paid order', async () => {
  orders.set('SHOP-9', { total: '15000', status: 'new' })
  const before = sandbox.deliveries().length
  const res = await checkout('SHOP-9')
  assert.ok(await sandbox.waitForDeliveries(before + 1, 10))
  assert.equal(orders.get('SHOP-9').status, 'paid')
  sandbox.reverse(res.body.trx_id) // Faspay takes the payment back (status 4)
  assert.ok(await sandbox.waitForDeliveries(before + 2, 10))
  assert.equal(sandbox.deliveries()[before + 1].accepted, true)
  assert.equal(orders.get('SHOP-9').status, 'reversed')
})

test('the return page verifies the link but shows the status from notifications', async () => {
  orders.set('SHOP-5', { total: '1000', status: 'pending' })
  const { user_id, password } = sandbox.credentials
  const query = new URLSearchParams({
    trx_id: '9999981200000100',
    merchant_id: '99999',
    bill_no: 'SHOP-5',
    status: '2', // the browser claims "paid"
    signature: returnUrlSignature(user_id, password, 'SHOP-5', '2'),
  })
  const page = await fetch(`${base}/faspay/return?${query}`)
  assert.equal(page.status, 200)
  assert.equal(await page.text(), 'Order SHOP-5: pending')
  query.set('signature', '0'.repeat(40))
  assert.equal((await fetch(`${base}/faspay/return?${query}`)).status, 400)
})

test('an ambiguous create (connection lost after sending) is not retried blindly', async () => {
  orders.set('SHOP-6', { total: '1000', status: 'new' })
  const creates = sandbox.requestCount('create_transaction')
  sandbox.setFault('reset', { endpoint: 'create_transaction', times: 1 })
  const res = await checkout('SHOP-6')
  sandbox.clearFaults()
  assert.equal(res.status, 202)
  assert.equal(res.body.status, 'unknown')
  assert.equal(orders.get('SHOP-6').status, 'unknown')
  assert.equal(sandbox.requestCount('create_transaction') - creates, 1)
  // The customer tries again: this bill_no is never sent a second time.
  const again = await checkout('SHOP-6')
  assert.equal(again.status, 409)
  assert.equal(sandbox.requestCount('create_transaction') - creates, 1)
})

test('a push lost after sending: the status inquiry marks the order paid only for its total', async () => {
  const real = sandbox.client()
  const paidStatus = (payment_total) =>
    real.decodeResponse('payment_status', 200, JSON.stringify({
      response: 'Inquiry Status Payment', trx_id: '1', merchant_id: '99999', merchant: 'Sophia Store', bill_no: 'x',
      payment_reff: 'r', payment_date: '2026-12-03 10:00:00', payment_status_code: '2',
      payment_status_desc: 'Payment Sukses', payment_total, response_code: '00', response_desc: 'Sukses',
    }))
  // payment_total as Faspay sends it: sen (rupiah x 100).
  for (const [total, expected] of [['1500000', 'paid'], ['100', 'pending']]) {
    const lostPush = Object.create(real)
    lostPush.createTransaction = (bill) => real.createTransaction(bill)
    lostPush.ovoPush = async () => {
      throw Object.assign(new Error('timed out'), { code: 'TIMEOUT', requestSent: true })
    }
    lostPush.paymentStatus = async () => paidStatus(total)
    const app = createShop({ client: lostPush, orders, applied })
    const shop = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s))
    })
    try {
      const bill_no = `SHOP-LOST-${total}`
      orders.set(bill_no, { total: '15000', status: 'new' })
      const res = await fetch(`http://127.0.0.1:${shop.address().port}/checkout`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ bill_no, ovo_number: '081234567890' }),
      })
      assert.equal(res.status, 200)
      assert.equal((await res.json()).status, expected, `paid ${total}`)
      assert.equal(orders.get(bill_no).status, expected)
    } finally {
      shop.close()
    }
  }
})
