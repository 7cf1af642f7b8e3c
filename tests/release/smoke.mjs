// Smoke test of the installed npm tarball (run from the fresh app it was installed into): one
// OVO checkout against the embedded sandbox, whose notification reaches a real merchant
// endpoint (node:http) that verifies it and answers with the exact reply; then the status is
// paid. Usage: node smoke.mjs EXPECTED_VERSION (run by scripts/test-release, no Rust reachable).
import http from 'node:http'
import { createRequire } from 'node:module'
import { version } from 'faspay-rs'
import { startSandbox } from 'faspay-rs/testing'

let checks = 0
let failed = 0
function check(ok, what) {
  checks++
  if (!ok) {
    failed++
    console.error(`CHECK failed: ${what}`)
  }
}

const require = createRequire(import.meta.url)
check(version === process.argv[2], `version ${version}`)
check(require.resolve('faspay-rs').includes('node_modules'), 'loaded from node_modules')

const sandbox = await startSandbox({ push_delay: 0 })
const client = sandbox.client()
const verified = []
const server = http.createServer((req, res) => {
  const chunks = []
  req.on('data', (c) => chunks.push(c))
  req.on('end', () => {
    const notification = client.parseNotification(Buffer.concat(chunks)) // throws on a forged body
    verified.push(notification)
    res.writeHead(200, { 'content-type': notification.reply_content_type })
    res.end(client.notificationReply(notification, true))
  })
})
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
sandbox.notifyUrl = `http://127.0.0.1:${server.address().port}/notify`

const created = await client.createTransaction({ bill_no: 'REL-JS-1', bill_desc: 'Kopi',
  bill_total: 15000, payment_channel: '812', cust_no: '42', cust_name: 'Budi',
  billing_name: 'Budi', msisdn: '081234567890', email: 'budi@example.com',
  item: [{ product: 'Kopi', qty: 1, amount: 15000 }] })
check(created.response_code === '00', 'created')
await client.ovoPush(created.trx_id, '081234567890')
check(await sandbox.waitForDeliveries(1, 60), 'a notification was delivered')
check(sandbox.deliveries()[0]?.accepted === true, 'the endpoint\'s reply was accepted')
check(verified.length === 1 && verified[0].bill_no === 'REL-JS-1', 'notification verified')
check(verified[0]?.payment_status_code === 2, 'notification says paid')
const status = await client.paymentStatus(created.trx_id, 'REL-JS-1')
check(status.payment_status_code === 2 && status.payment_total === '15000', 'status paid 15000')
server.close()
await sandbox.close()

console.log(`node npm smoke: ${checks} checks, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
