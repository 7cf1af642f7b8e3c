'use strict'
// 100,000 parseNotification calls leave heap and RSS flat (a generous bound against leaks of
// the native objects; the precise figure belongs to the benchmarks).

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { spawnSync } = require('node:child_process')
const path = require('node:path')

const script = `
const fs = require('node:fs')
const { Client } = require('faspay-rs')
const vectors = JSON.parse(fs.readFileSync(${JSON.stringify(path.resolve(__dirname, '..', '..', 'tests', 'vectors', 'notifications.json'))}, 'utf8'))
const c = vectors.cases.find((x) => x.op === 'parse_notification' && x.expect.ok && !x.input.config)
const client = new Client({ merchant_id: '99999', merchant_name: 'Sophia Store', user_id: 'bot99999', password: 'p@ssw0rd' })
const body = Buffer.from(c.input.body)
const run = (n) => { for (let i = 0; i < n; i++) { const x = client.parseNotification(body); if (x.bill_no.length === 0) throw new Error('empty') } }
// Native objects are freed by finalizers that Node runs after the collection, on a later turn.
const settle = () => new Promise((resolve) => setImmediate(resolve))
const measure = async () => {
  for (let i = 0; i < 3; i++) { global.gc(); await settle() }
  return { heap: process.memoryUsage().heapUsed, rss: process.memoryUsage().rss }
}
// Run in slices so finalizers get turns, as they do in a server; the first 100,000 calls warm
// the allocator up, the second 100,000 must not grow anything further.
const slices = async (n) => { for (let done = 0; done < n; done += 10000) { run(10000); await settle() } }
;(async () => {
  await slices(100000)
  const before = await measure()
  await slices(100000)
  const after = await measure()
  console.log(JSON.stringify({ heap: after.heap - before.heap, rss: after.rss - before.rss }))
})()
`

test('100,000 parseNotification calls leave heap and RSS flat', () => {
  const child = spawnSync(process.execPath, ['--expose-gc', '-e', script], { cwd: __dirname, encoding: 'utf8' })
  assert.equal(child.status, 0, child.stderr)
  const growth = JSON.parse(child.stdout)
  const MiB = 1024 * 1024
  assert.ok(growth.heap < 8 * MiB, `heap grew ${(growth.heap / MiB).toFixed(1)} MiB`)
  assert.ok(growth.rss < 64 * MiB, `RSS grew ${(growth.rss / MiB).toFixed(1)} MiB`)
  console.log(`heap +${(growth.heap / MiB).toFixed(2)} MiB, RSS +${(growth.rss / MiB).toFixed(2)} MiB over 100,000 calls`)
})
