'use strict'
// The shop: an Express app with a checkout (create an OVO bill and push it to the customer's
// phone), Faspay's notification endpoint (the only thing that marks an order paid) and the
// customer's return page (verified, shown, but never trusted as proof of payment).

const express = require('express')
const { isPaid, isFinal } = require('faspay-rs')
const { notificationHandler } = require('faspay-rs/express')

/**
 * `client`: a faspay-rs Client. `orders`: bill_no -> { total (rupiah string), status }, the
 * shop's own database (a Map here). `applied`: the dedupe keys of notifications already applied.
 */
function createShop({ client, orders = new Map(), applied = new Set() }) {
  const app = express()

  // Must come before any body parser: the handler reads the raw body itself.
  app.post(
    '/faspay/notify',
    notificationHandler({
      client,
      onNotification: async (n) => {
        const order = orders.get(n.bill_no)
        if (!order) return false // not ours: refuse, Faspay retries, someone investigates
        // trx_id is not signed: it must be the one Faspay gave us for this bill.
        if (!order.trx_id || n.trx_id !== order.trx_id) return false
        if (applied.has(n.dedupe_key)) return true // a repeat delivery: already applied, still 00
        if (isPaid(n.payment_status_code)) {
          try {
            n.checkTotal(order.total) // the signature does not cover amounts
          } catch {
            return false // paid a different amount: refuse and reconcile by hand
          }
          order.status = 'paid'
        } else if (n.payment_status_code === 4) {
          if (order.status === 'paid') order.status = 'reversed' // Faspay took the payment back
        } else if (isFinal(n.payment_status_code) && order.status !== 'paid') {
          order.status = 'failed' // a late failure never unpays a paid order
        }
        applied.add(n.dedupe_key)
        return true
      },
    }),
  )

  app.post('/checkout', express.json(), async (req, res) => {
    const { bill_no, ovo_number } = req.body ?? {}
    const order = orders.get(bill_no)
    if (!order || typeof ovo_number !== 'string') return res.status(400).json({ error: 'unknown order' })
    // One bill per bill_no: an order already paid, pending or ambiguous is never created again.
    if (order.status !== 'new') return res.status(409).json({ error: `order is ${order.status}` })
    order.status = 'creating'
    let created
    try {
      created = await client.createTransaction({
        bill_no,
        bill_desc: `Order ${bill_no}`,
        bill_total: order.total,
        payment_channel: '812',
        cust_no: '1',
        cust_name: 'Customer',
        billing_name: 'Customer',
        msisdn: ovo_number,
        email: 'customer@example.com',
        item: [{ product: `Order ${bill_no}`, qty: 1, amount: order.total }],
      })
    } catch (error) {
      // The bill may exist at Faspay, but its trx_id never reached us: no status inquiry can
      // find it and nobody can pay it, so it expires unpaid. Never send this bill_no again
      // (two bills under one number share their dedupe keys): a new attempt is a new order.
      if (error.requestSent) {
        order.status = 'unknown'
        return res.status(202).json({ status: 'unknown', message: 'not confirmed: start a new order' })
      }
      order.status = 'new' // certainly not created: the customer may try again
      return res.status(502).json({ error: error.code })
    }
    order.trx_id = created.trx_id
    order.status = 'pending'
    try {
      await client.ovoPush(created.trx_id, ovo_number) // the result arrives by notification
    } catch (error) {
      if (!error.requestSent) return res.status(502).json({ error: error.code })
      // The push may have reached the phone; the status inquiry tells. If it fails too, the
      // order stays pending: the notification (or a later inquiry) settles it.
      const status = await client.paymentStatus(created.trx_id, bill_no).catch(() => null)
      if (status && isPaid(status.payment_status_code)) {
        try {
          status.checkTotal(order.total) // as for a notification: paid the order's total, or not paid
          order.status = 'paid'
        } catch {
          // paid a different amount: leave it pending and reconcile by hand
        }
      }
    }
    res.json({ trx_id: created.trx_id, status: order.status })
  })

  app.get('/faspay/return', (req, res) => {
    let info
    try {
      info = client.verifyReturn(req.query)
    } catch {
      return res.status(400).type('text').send('invalid return link')
    }
    // The browser's status is informative only: the order's status comes from notifications.
    const order = orders.get(info.bill_no)
    res.type('text').send(`Order ${info.bill_no}: ${order?.status ?? 'unknown'}`)
  })

  app.get('/orders/:bill_no', (req, res) => {
    const order = orders.get(req.params.bill_no)
    if (!order) return res.status(404).end()
    res.json(order)
  })

  return app
}

module.exports = { createShop }
