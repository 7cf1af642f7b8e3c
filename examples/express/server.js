'use strict'
// Runs the shop: FASPAY_PASSWORD (and FASPAY_BASE_URL for the sandbox) in the environment.
const { Client } = require('faspay-rs')
const { createShop } = require('./shop.js')

const client = new Client({
  merchant_id: process.env.FASPAY_MERCHANT_ID ?? '99999',
  merchant_name: process.env.FASPAY_MERCHANT_NAME ?? 'Sophia Store',
  user_id: process.env.FASPAY_USER_ID ?? 'bot99999',
  password: process.env.FASPAY_PASSWORD,
  base_url: process.env.FASPAY_BASE_URL, // unset: Faspay's host
})
const orders = new Map([['ORDER-1001', { total: '15000', status: 'new' }]])
const port = Number(process.env.PORT ?? 3000)
createShop({ client, orders }).listen(port, () => console.log(`shop on http://127.0.0.1:${port}`))
