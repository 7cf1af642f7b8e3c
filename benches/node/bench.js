'use strict'
// faspay-rs side by side with what a user writes with Node alone (node:crypto + JSON +
// hand-built XML with a small regex reader): sign, post-data body, notification parse + verify
// (JSON and XML), reply; RSS over many parseNotification calls; require('faspay-rs') time.
//
// Every pair is timed in this one process, rounds interleaved, on the inputs of
// benches/inputs/. Each baseline's output is checked against faspay-rs's (same bytes, or the
// same parsed values) before anything is timed. Prints markdown table rows (see scripts/bench);
// exits 2 when a baseline disagrees, else 0.
//
//   node benches/node/bench.js [--quick] [--only TEXT]
//     FASPAY_NODE_PACKAGE: the package directory; --only: just the timed rows whose name
//     contains TEXT (no RSS or require rows), e.g. `--only notification`

const crypto = require('node:crypto')
const fs = require('node:fs')
const path = require('node:path')
const { execFileSync } = require('node:child_process')

const packageDir = process.env.FASPAY_NODE_PACKAGE || path.join(__dirname, '..', '..', 'node')
const faspay = require(packageDir)

const inputs = path.join(__dirname, '..', 'inputs')
const read = (name) => fs.readFileSync(path.join(inputs, name))
const config = JSON.parse(read('config.json'))
const BILL = JSON.parse(read('bill.json'))
const NOTIFICATION_JSON = read('notification.json')
const NOTIFICATION_XML = read('notification.xml')
const { user_id: USER, password: PASSWORD, merchant_id: MERCHANT_ID, reply_at: REPLY_AT } = config

// ---- the Node-only baselines ------------------------------------------------------------

function pureSign (suffix) {
  const md5 = crypto.createHash('md5').update(USER + PASSWORD + suffix).digest('hex')
  return crypto.createHash('sha1').update(md5).digest('hex')
}

const AMOUNT_FIELDS = ['bill_gross', 'bill_tax', 'bill_miscfee', 'bill_total']
// Rupiah text with at most 2 decimals -> sen text, without floating point.
function toSen (rupiah) {
  const [whole, fraction = ''] = String(rupiah).split('.')
  return String(BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2)))
}

function pureBodyFields (bill) {
  const body = { ...bill }
  for (const key of AMOUNT_FIELDS) if (key in body) body[key] = toSen(body[key])
  body.item = bill.item.map((item) => ({ ...item, amount: toSen(item.amount) }))
  body.signature = pureSign(bill.bill_no)
  return body
}

const pureBodyJson = (bill) => Buffer.from(JSON.stringify(pureBodyFields(bill)))

const XML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }
const escapeXml = (text) => String(text).replace(/[&<>"']/g, (c) => XML_ESCAPES[c])

function pureBodyXml (bill) {
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n<faspay>\n'
  for (const [key, value] of Object.entries(pureBodyFields(bill))) {
    if (key === 'item') {
      for (const item of value) {
        out += '  <item>\n'
        for (const [k, v] of Object.entries(item)) out += `    <${k}>${escapeXml(v)}</${k}>\n`
        out += '  </item>\n'
      }
    } else {
      out += `  <${key}>${escapeXml(value)}</${key}>\n`
    }
  }
  return Buffer.from(out + '</faspay>\n')
}

function verified (fields) {
  const expected = Buffer.from(pureSign(fields.bill_no + fields.payment_status_code))
  const received = Buffer.from(String(fields.signature).trim().toLowerCase())
  if (expected.length !== received.length || !crypto.timingSafeEqual(expected, received)) {
    throw new Error('signature')
  }
  if (fields.merchant_id !== MERCHANT_ID) throw new Error('merchant_id')
  return [fields.bill_no, Number(fields.payment_status_code), rupiah(fields.payment_total)]
}

// Sen text -> rupiah text ("2500000" -> "25000", "2500050" -> "25000.5").
function rupiah (sen) {
  const value = BigInt(sen)
  const cents = value % 100n
  return cents === 0n ? String(value / 100n) : `${value / 100n}.${String(cents).padStart(2, '0').replace(/0$/, '')}`
}

const pureParseJson = (body) => verified(JSON.parse(body))

const XML_UNESCAPES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
const FLAT_ELEMENT = /<([A-Za-z_][\w.-]*)>([^<]*)<\/\1>/g
function pureParseXml (body) {
  const fields = {}
  for (const [, name, text] of String(body).matchAll(FLAT_ELEMENT)) {
    fields[name] = text.replace(/&(amp|lt|gt|quot|apos);/g, (_, e) => XML_UNESCAPES[e])
  }
  return verified(fields)
}

function pureReplyJson (fields) {
  return Buffer.from(JSON.stringify({
    response: 'Payment Notification',
    trx_id: fields.trx_id,
    merchant_id: fields.merchant_id,
    merchant: fields.merchant,
    bill_no: fields.bill_no,
    response_code: '00',
    response_desc: 'Success',
    response_date: REPLY_AT
  }))
}

function pureReplyXml (fields) {
  return Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<faspay>\n' +
    '  <response>Payment Notification</response>\n' +
    `  <trx_id>${escapeXml(fields.trx_id)}</trx_id>\n` +
    `  <merchant_id>${escapeXml(fields.merchant_id)}</merchant_id>\n` +
    `  <bill_no>${escapeXml(fields.bill_no)}</bill_no>\n` +
    '  <response_code>00</response_code>\n' +
    '  <response_desc>Success</response_desc>\n' +
    `  <response_date>${REPLY_AT}</response_date>\n` +
    '</faspay>\n')
}

// ---- the harness ------------------------------------------------------------------------

let sink
// CPU ns per call (this process's user+system clock: other processes' time is not counted).
function perOpNs (fn, iterations) {
  const start = process.cpuUsage()
  for (let i = 0; i < iterations; i++) sink = fn()
  const used = process.cpuUsage(start)
  return ((used.user + used.system) * 1000) / iterations
}

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1]

function fmtTime (ns) {
  if (ns >= 1000) return `${(ns / 1000).toFixed(2)} µs (${Math.round(1e6 / ns).toLocaleString('en-US')} k/s)`
  return `${ns.toFixed(0)} ns (${(1e3 / ns).toFixed(2)} M/s)`
}

const row = (cells) => console.log(`| ${cells.join(' | ')} |`)

function mustEqual (what, ours, theirs) {
  const a = Buffer.isBuffer(ours) ? ours.toString('latin1') : JSON.stringify(ours)
  const b = Buffer.isBuffer(theirs) ? theirs.toString('latin1') : JSON.stringify(theirs)
  if (a !== b) {
    console.error(`baseline disagrees with faspay-rs on ${what}:\n  faspay-rs: ${a}\n  baseline:  ${b}`)
    process.exit(2)
  }
}

async function main () {
  const quick = process.argv.includes('--quick')
  const onlyAt = process.argv.indexOf('--only')
  const only = onlyAt === -1 ? null : process.argv[onlyAt + 1]
  const [roundMs, rounds] = quick ? [5, 3] : [100, 11]
  const verdict = (holds) => (quick ? 'not checked (--quick)' : holds ? 'held' : 'MISSED')

  const settings = { merchant_id: MERCHANT_ID, merchant_name: config.merchant_name, user_id: USER, password: PASSWORD }
  const jsonClient = new faspay.Client(settings)
  const xmlClient = new faspay.Client({ ...settings, format: 'xml' })

  const billNo = BILL.bill_no
  mustEqual('sign', faspay.sign(USER, PASSWORD, billNo), pureSign(billNo))
  mustEqual('JSON body', jsonClient.prepareCreateTransaction(BILL).body, pureBodyJson(BILL))
  mustEqual('XML body', xmlClient.prepareCreateTransaction(BILL).body, pureBodyXml(BILL))
  const parsed = {}
  for (const [fmt, body, pureParse] of [['json', NOTIFICATION_JSON, pureParseJson], ['xml', NOTIFICATION_XML, pureParseXml]]) {
    const n = jsonClient.parseNotification(body)
    mustEqual(`${fmt} notification`, [n.bill_no, n.payment_status_code, n.payment_total], pureParse(body))
    parsed[fmt] = n
  }
  const pureFieldsJson = JSON.parse(NOTIFICATION_JSON)
  const pureFieldsXml = pureFieldsJson // the XML notification carries the same fields
  mustEqual('JSON reply', jsonClient.notificationReply(parsed.json, true, REPLY_AT), pureReplyJson(pureFieldsJson))
  mustEqual('XML reply', jsonClient.notificationReply(parsed.xml, true, REPLY_AT), pureReplyXml(pureFieldsXml))

  const sdkParse = (body) => () => {
    const n = jsonClient.parseNotification(body) // what a handler reads: which bill, paid?, how much
    return [n.bill_no, n.payment_status_code, n.payment_total]
  }
  const cases = [
    ['sign', () => faspay.sign(USER, PASSWORD, billNo), () => pureSign(billNo), 'node:crypto md5+sha1', null],
    ['post-data body JSON (faspay validates; baseline does not)', () => jsonClient.prepareCreateTransaction(BILL).body, () => pureBodyJson(BILL), 'spread + JSON.stringify', 1],
    ['post-data body XML', () => xmlClient.prepareCreateTransaction(BILL).body, () => pureBodyXml(BILL), 'template strings', 1],
    ['notification parse+verify JSON', sdkParse(NOTIFICATION_JSON), () => pureParseJson(NOTIFICATION_JSON), 'JSON.parse + node:crypto', 1],
    ['notification parse+verify XML', sdkParse(NOTIFICATION_XML), () => pureParseXml(NOTIFICATION_XML), 'regex reader + node:crypto', 1],
    ['notification reply JSON', () => jsonClient.notificationReply(parsed.json, true, REPLY_AT), () => pureReplyJson(pureFieldsJson), 'JSON.stringify', null],
    ['notification reply XML', () => jsonClient.notificationReply(parsed.xml, true, REPLY_AT), () => pureReplyXml(pureFieldsXml), 'template string', null]
  ]
  for (const [name, sdk, pure, baseline, minSpeedup] of cases) {
    if (only !== null && !name.includes(only)) continue
    const slowest = Math.max(perOpNs(sdk, 200), perOpNs(pure, 200))
    const iterations = Math.max(Math.floor((roundMs * 1e6) / slowest), 10)
    const sdkTimes = []
    const pureTimes = []
    for (let r = 0; r < rounds; r++) {
      sdkTimes.push(perOpNs(sdk, iterations))
      pureTimes.push(perOpNs(pure, iterations))
    }
    const s = median(sdkTimes)
    const p = median(pureTimes)
    const speedup = p / s
    row(['Node', name, fmtTime(s), baseline, fmtTime(p), `${speedup.toFixed(2)}x`,
      minSpeedup === null ? 'report' : `≥ ${minSpeedup}x`,
      minSpeedup === null ? '-' : verdict(speedup >= minSpeedup)])
  }

  if (only !== null) return

  // Memory: RSS after a warm-up, then after the calls. The calls run in batches of 10,000
  // with a turn of the event loop between them, as a server's requests do: the addon's
  // objects are freed by finalizers that Node runs outside the synchronous code that made them.
  const calls = quick ? 20000 : 1000000
  const gc = global.gc || (() => {})
  const tick = () => new Promise((resolve) => setImmediate(resolve))
  const batch = (count) => {
    for (let i = 0; i < count; i++) {
      const n = jsonClient.parseNotification(i & 1 ? NOTIFICATION_XML : NOTIFICATION_JSON)
      sink = n.raw
    }
  }
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      gc()
      await tick()
    }
  }
  for (let done = 0; done < 50000; done += 10000) {
    batch(10000)
    await tick()
  }
  await settle()
  const before = process.memoryUsage().rss
  for (let done = 0; done < calls; done += 10000) {
    batch(Math.min(10000, calls - done))
    await tick()
  }
  await settle()
  const after = process.memoryUsage().rss
  const grewKiB = Math.round((after - before) / 1024)
  row(['Node', `RSS over ${calls.toLocaleString('en-US')} parseNotification (batches of 10,000)`,
    `${Math.round(before / 1024).toLocaleString('en-US')} → ${Math.round(after / 1024).toLocaleString('en-US')} KiB`,
    '-', '-', `${grewKiB >= 0 ? '+' : ''}${grewKiB.toLocaleString('en-US')} KiB`, 'flat (< 8 MiB)', verdict(grewKiB < 8192)])

  // CPU time of the require() in a fresh process, measured inside it (Node's own start-up and
  // other processes' time are not counted).
  const runs = quick ? 3 : 15
  const code = `const t = process.cpuUsage(); require(${JSON.stringify(packageDir)}); ` +
    'const u = process.cpuUsage(t); console.log((u.user + u.system) / 1000)'
  const times = []
  for (let i = 0; i < runs; i++) times.push(Number(execFileSync(process.execPath, ['-e', code], { encoding: 'utf8' })))
  row(['Node', "require('faspay-rs') (CPU time in a fresh process)", `${median(times).toFixed(1)} ms`, '-', '-', '-', 'report', '-'])
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
