'use strict'
// Keep-alive as the sandbox sees it: the TCP connections it accepted (admin summary), counted
// rather than timed, for concurrent calls on one client, a client keeping no idle connection,
// and the pool settings' validation.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const { startSandbox } = require('faspay-rs/testing')

let sandbox
before(() => {
  sandbox = startSandbox({ push_delay: 0 })
})
after(() => sandbox.close())

/** Connections the sandbox accepted, not counting the one this question opens (agent: false). */
function accepted() {
  return new Promise((resolve, reject) => {
    http
      .get(`${sandbox.baseUrl}/__sandbox/`, { agent: false }, (res) => {
        let body = ''
        res.on('data', (chunk) => (body += chunk))
        res.on('end', () => resolve(JSON.parse(body).connections_accepted - 1))
      })
      .on('error', reject)
  })
}

let counter = 0
function bill() {
  counter += 1
  return {
    bill_no: `KEEP-${process.pid}-${counter}`,
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

test('concurrent calls on one client reuse their connections', async () => {
  const client = sandbox.client()
  const created = await client.createTransaction(bill())
  const before = await accepted()
  for (let round = 0; round < 20; round += 1) {
    await Promise.all(Array.from({ length: 8 }, () => client.paymentStatus(created.trx_id, created.bill_no)))
  }
  // 160 calls; at most one connection per concurrent caller (plus slack for a closed one).
  const opened = (await accepted()) - before - 1
  assert.ok(opened <= 8 + 2, `${opened} connections for 160 calls`)
})

test('max_idle_connections 0 connects for every call; the default keeps the connection', async () => {
  const created = await sandbox.client().createTransaction(bill())
  const none = sandbox.client({ max_idle_connections: 0 })
  let before = await accepted()
  for (let i = 0; i < 5; i += 1) await none.paymentStatus(created.trx_id, created.bill_no)
  assert.equal((await accepted()) - before - 1, 5)
  const kept = sandbox.client({ dns_cache_ttl: 0 })
  before = await accepted()
  for (let i = 0; i < 5; i += 1) await kept.paymentStatus(created.trx_id, created.bill_no)
  assert.equal((await accepted()) - before - 1, 1)
})

test('pool settings out of range are refused naming the setting', () => {
  for (const [settings, field] of [
    [{ max_idle_connections: 4097 }, 'max_idle_connections'],
    [{ max_idle_connections: -1 }, 'max_idle_connections'],
    [{ max_idle_connections: 1.5 }, 'max_idle_connections'],
    [{ dns_cache_ttl: 3601 }, 'dns_cache_ttl'],
    [{ dns_cache_ttl: -1 }, 'dns_cache_ttl'],
    [{ dns_cache_ttl: '60' }, 'dns_cache_ttl'],
  ]) {
    assert.throws(() => sandbox.client(settings), { code: 'INVALID_ARGUMENT', field }, JSON.stringify(settings))
  }
})
