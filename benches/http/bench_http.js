'use strict'
// Loopback HTTP: faspay-rs's Client against what a Node user writes by hand (fetch sending the
// same signed request, checked byte for byte first), against one sandbox in a separate process
// so that each side's CPU is its own.
//
// 1. sequential: N paymentStatus calls, each awaited before the next;
// 2. concurrent: 16 callers at once sharing one faspay Client vs 16 callers on fetch (its
//    global keep-alive pool, the Node equivalent of sessions).
//
// Prints req/s, p50, p99, client CPU per call, server CPU per call and the connections the
// sandbox accepted, the machine's own floor beside the p99 / p50 row (FASPAY_HTTP_FLOOR, the
// program of benches/http/floor.rs, run just before the sequential rounds), then whether each
// target holds. Exits 1 on a missed target (not with
// --quick, which only proves the program still runs) and 2 when the two sides differ in bytes.
//
//     node benches/http/bench_http.js [--quick] [--rows] [--calls N] [--callers 16]
//
// --rows prints the report on stderr and, on stdout, one markdown table row per target in
// scripts/bench's columns (area, case, faspay, baseline, baseline figures, ratio, target, verdict).

const { execFileSync, spawn } = require('node:child_process')
const crypto = require('node:crypto')
const fs = require('node:fs')
const http = require('node:http')
const os = require('node:os')
const path = require('node:path')
const readline = require('node:readline')

const NODE_DIR = path.join(__dirname, '..', '..', 'node')
const faspay = require(path.join(NODE_DIR, 'faspay.js'))

const USER = 'bot99999'
const PASSWORD = 'p@ssw0rd'
const SEQUENTIAL_TARGET = 1.0 // faspay over fetch
const CONCURRENT_TARGET = 1.0
const TAIL_TARGET = 3.0
const CLOCK_TICKS = 100 // USER_HZ on Linux

function option(name, fallback) {
  const i = process.argv.indexOf(name)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}

/**
 * The lowest p50 / p99 this machine gives for the same exchange between two processes
 * (benches/http/floor.rs, built by benches/http/run, path in FASPAY_HTTP_FLOOR); null when the
 * program is not given.
 */
function machineFloor(calls, rounds) {
  const program = process.env.FASPAY_HTTP_FLOOR
  if (!program) return null
  const out = execFileSync(program, ['--calls', String(calls), '--rounds', String(rounds)], { encoding: 'utf8' })
  return JSON.parse(out)
}

function floorFigures(floor) {
  if (!floor) return 'not measured (FASPAY_HTTP_FLOOR unset)'
  return `p99 ${floor.p99_ms.toFixed(3)} ms, p50 ${floor.p50_ms.toFixed(3)} ms, p99/p50 ${floor.tail.toFixed(2)}`
}

/** The sandbox in its own Node process, stopped when its stdin closes. */
async function startSandboxProcess() {
  const code = `
    const { startSandbox } = require(${JSON.stringify(path.join(NODE_DIR, 'testing.js'))})
    const s = startSandbox()
    console.log(s.baseUrl)
    process.stdin.on('end', () => { s.close(); process.exit(0) })
    process.stdin.resume()`
  const child = spawn(process.execPath, ['-e', code], { stdio: ['pipe', 'pipe', 'inherit'] })
  const [line] = await readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]().next().then((r) => [r.value])
  if (!line || !line.startsWith('http://')) throw new Error('the sandbox did not start')
  return {
    baseUrl: line.trim(),
    cpuSeconds() {
      const fields = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(')').pop().trim().split(/\s+/)
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS
    },
    /** Connections accepted so far, not counting the one this question opens. */
    connections() {
      return new Promise((resolve, reject) => {
        http
          .get(`${line.trim()}/__sandbox/`, { agent: false }, (res) => {
            let body = ''
            res.on('data', (c) => (body += c))
            res.on('end', () => resolve(JSON.parse(body).connections_accepted - 1))
          })
          .on('error', reject)
      })
    },
    close() {
      child.stdin.end()
      return new Promise((resolve) => child.on('exit', resolve))
    },
  }
}

/** The inquiry as a user writes it from Faspay's docs: sha1(md5(user + password + bill_no)). */
function handBuiltStatus(baseUrl, merchantId, trxId, billNo) {
  const md5 = crypto.createHash('md5').update(USER + PASSWORD + billNo).digest('hex')
  const signature = crypto.createHash('sha1').update(md5).digest('hex')
  const body = JSON.stringify({
    request: 'Inquiry Payment Status',
    trx_id: trxId,
    merchant_id: merchantId,
    bill_no: billNo,
    payment_status_code: '',
    payment_status_desc: '',
    signature,
  })
  return { url: `${baseUrl}/cvr/100004/10`, body: Buffer.from(body) }
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]
}

/** `callers` concurrent loops of `callsEach` awaited calls. */
async function measure(name, sandbox, call, callers, callsEach) {
  const latencies = []
  const connections = await sandbox.connections()
  const serverCpu = sandbox.cpuSeconds()
  const cpu = process.cpuUsage()
  const wall = process.hrtime.bigint()
  await Promise.all(
    Array.from({ length: callers }, async () => {
      for (let i = 0; i < callsEach; i += 1) {
        const t0 = process.hrtime.bigint()
        await call()
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e9)
      }
    }),
  )
  const seconds = Number(process.hrtime.bigint() - wall) / 1e9
  const used = process.cpuUsage(cpu)
  const server = sandbox.cpuSeconds() - serverCpu
  const opened = (await sandbox.connections()) - connections - 1
  latencies.sort((a, b) => a - b)
  const calls = latencies.length
  return {
    name,
    rate: calls / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    cpuPerCall: (used.user + used.system) / 1e6 / calls,
    serverCpuPerCall: server / calls,
    connections: opened,
    calls,
  }
}

/** The round with the highest rate, with the connections opened over all rounds. */
async function bestOf(rounds, run) {
  const results = []
  for (let i = 0; i < rounds; i += 1) results.push(await run())
  const best = results.reduce((a, b) => (b.rate > a.rate ? b : a))
  return {
    ...best,
    connections: results.reduce((n, r) => n + r.connections, 0),
    allCalls: results.reduce((n, r) => n + r.calls, 0),
  }
}

function figures(r) {
  return (
    `${Math.round(r.rate).toLocaleString('en-US')} req/s, p50 ${(r.p50 * 1e3).toFixed(3)} ms, ` +
    `p99 ${(r.p99 * 1e3).toFixed(3)} ms, ${(r.cpuPerCall * 1e6).toFixed(1)} µs CPU/call, ` +
    `${r.connections} connections in ${r.allCalls} calls`
  )
}

function row(r) {
  const ms = (s) => (s * 1e3).toFixed(3).padStart(6)
  const us = (s) => (s * 1e6).toFixed(1).padStart(6)
  return (
    `  ${r.name.padEnd(34)} ${r.rate.toFixed(0).padStart(9)} req/s  p50 ${ms(r.p50)} ms  p99 ${ms(r.p99)} ms  ` +
    `client CPU ${us(r.cpuPerCall)} us/call  server CPU ${us(r.serverCpuPerCall)} us/call  connections opened ${r.connections} in ${r.allCalls} calls`
  )
}

async function main() {
  const quick = process.argv.includes('--quick')
  const rows = process.argv.includes('--rows')
  const say = rows ? (text) => console.error(text) : (text) => console.log(text)
  const tableRow = (...cells) => {
    if (rows) console.log(`| HTTP Node | ${cells.join(' | ')} |`)
  }
  const verdictText = (ok) => (quick ? 'not checked (--quick)' : ok ? 'held' : 'MISSED')
  const calls = option('--calls', quick ? 200 : 2000)
  const callers = option('--callers', 16)
  const perCaller = quick ? Math.max(1, Math.floor(calls / callers)) : Math.max(1, Math.floor(4000 / callers))
  const rounds = quick ? 1 : 3
  const sandbox = await startSandboxProcess()
  try {
    const client = new faspay.Client({
      merchant_id: '99999',
      merchant_name: 'Sophia Store',
      user_id: USER,
      password: PASSWORD,
      base_url: sandbox.baseUrl,
    })
    const created = await client.createTransaction({
      bill_no: `BENCH${Date.now()}`,
      bill_desc: 'Benchmark',
      bill_total: '15000',
      payment_channel: '812',
      cust_no: '42',
      cust_name: 'Budi',
      billing_name: 'Budi',
      msisdn: '081234567890',
      email: 'budi@example.com',
      item: [{ product: 'Kopi', qty: 1, amount: '15000' }],
    })
    const { trx_id: trxId, bill_no: billNo } = created
    const prepared = client.preparePaymentStatus(trxId, billNo)
    const mine = handBuiltStatus(sandbox.baseUrl, '99999', trxId, billNo)
    if (prepared.url !== mine.url || !Buffer.from(prepared.body).equals(mine.body)) {
      console.error(`not the same request:\n  ${prepared.url} ${Buffer.from(prepared.body)}\n  ${mine.url} ${mine.body}`)
      return 2
    }

    const ours = async () => {
      const status = await client.paymentStatus(trxId, billNo)
      if (status.response_code !== '00') throw new Error(`answer ${status.response_code}`)
    }
    const theirs = async () => {
      const { url, body } = handBuiltStatus(sandbox.baseUrl, '99999', trxId, billNo)
      const answer = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        signal: AbortSignal.timeout(30_000),
      })
      if (!answer.ok) throw new Error(`HTTP ${answer.status}`)
      const json = await answer.json()
      if (json.response_code !== '00') throw new Error(`answer ${json.response_code}`)
    }
    for (let i = 0; i < 50; i += 1) {
      await ours()
      await theirs()
    }

    say(
      `HTTP on loopback (Node ${process.version}), sandbox ${sandbox.baseUrl} in its own process; ` +
        `${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(2)} at start`,
    )
    const floor = machineFloor(calls, rounds)
    if (floor) {
      say(
        `  machine floor: two processes, ${floor.request_bytes} B / ${floor.response_bytes} B ping-pong  ` +
          `${floor.rate.toFixed(0).padStart(9)} req/s  p50 ${floor.p50_ms.toFixed(3)} ms  p99 ${floor.p99_ms.toFixed(3)} ms  ` +
          `p99/p50 ${floor.tail.toFixed(2)}`,
      )
    }
    say(`sequential: ${calls} paymentStatus calls, best of ${rounds}`)
    const seqOurs = await bestOf(rounds, () => measure('faspay-rs Client', sandbox, ours, 1, calls))
    const seqTheirs = await bestOf(rounds, () => measure('fetch', sandbox, theirs, 1, calls))
    say(row(seqOurs))
    say(row(seqTheirs))
    say(`concurrent: ${callers} callers x ${perCaller} calls, best of ${rounds}`)
    const conOurs = await bestOf(rounds, () => measure(`${callers} callers, one Client`, sandbox, ours, callers, perCaller))
    const conTheirs = await bestOf(rounds, () => measure(`${callers} callers, fetch`, sandbox, theirs, callers, perCaller))
    say(row(conOurs))
    say(row(conTheirs))
    say(`  load average ${os.loadavg()[0].toFixed(2)} at the end`)

    let missed = 0
    const verdict = (label, value, target, atLeast, ours, baseline, theirs, machine) => {
      const ok = atLeast ? value >= target : value <= target
      missed += ok ? 0 : 1
      // A missed tail target says so plainly when the machine's own floor misses it too.
      const floorMissed = !quick && !ok && machine && machine.tail > target
      say(`target ${label}: ${value.toFixed(2)} (${atLeast ? '>=' : '<='} ${target}) ${ok ? 'holds' : 'MISSED'}` +
        (machine === undefined ? '' : `; machine floor ${floorFigures(machine)}`))
      tableRow(label, ours, baseline, theirs, atLeast ? `${value.toFixed(2)}x` : value.toFixed(2),
        atLeast ? `≥ ${target}x` : `≤ ${target} (idle machine)`,
        floorMissed ? `MISSED (machine floor ${machine.tail.toFixed(2)})` : verdictText(ok))
    }
    verdict(`sequential paymentStatus (${calls} calls)`, seqOurs.rate / seqTheirs.rate, SEQUENTIAL_TARGET, true,
      figures(seqOurs), 'fetch', figures(seqTheirs))
    verdict(`${callers} concurrent callers: one Client vs fetch`, conOurs.rate / conTheirs.rate, CONCURRENT_TARGET, true,
      figures(conOurs), 'fetch', figures(conTheirs))
    verdict('sequential p99 / p50', seqOurs.p99 / seqOurs.p50, TAIL_TARGET, false,
      `p99 ${(seqOurs.p99 * 1e3).toFixed(3)} ms, p50 ${(seqOurs.p50 * 1e3).toFixed(3)} ms`,
      'machine floor (two-process ping-pong)', floorFigures(floor), floor)
    if (quick) {
      say('quick mode: figures only, targets not enforced')
      return 0
    }
    return missed ? 1 : 0
  } finally {
    await sandbox.close()
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error)
    process.exit(1)
  },
)
