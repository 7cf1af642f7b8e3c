'use strict'
// The README's Node example, run as written against the sandbox: the checkout reaches the
// sandbox, and the sandbox's notification is verified and accepted by the example's handler.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const net = require('node:net')
const path = require('node:path')
const { spawn } = require('node:child_process')
const { startSandbox } = require('faspay-rs/testing')

/** The js blocks of the README's Node section, in order. */
function readmeBlocks() {
  const readme = fs.readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('## Node'), readme.indexOf('\n## PHP'))
  return [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1])
}

function readmeExample() {
  const [first] = readmeBlocks()
  assert.ok(first, 'no js block in the README Node section')
  return first
}

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })

test('the README Node example runs against the sandbox and accepts the notification', async () => {
  const code = readmeExample()
  assert.ok(code.split('\n').length <= 26, 'the example should stay about 20 lines')
  // Inside the package directory so `import 'faspay-rs'` resolves to this package.
  const file = path.join(__dirname, '.readme-example.mjs')
  fs.writeFileSync(file, code)
  const port = await freePort()
  const sandbox = startSandbox({ push_delay: 0, notify_url: `http://127.0.0.1:${port}/` })
  const child = spawn(process.execPath, [file], {
    env: { ...process.env, FASPAY_PASSWORD: sandbox.credentials.password, FASPAY_BASE_URL: sandbox.baseUrl, PORT: String(port) },
    stdio: ['ignore', 'inherit', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (d) => {
    stderr += d
  })
  try {
    assert.equal(await sandbox.waitForDeliveries(1, 30), true, stderr)
    const [delivery] = sandbox.deliveries()
    assert.equal(delivery.bill_no, 'ORDER-1001')
    assert.equal(delivery.payment_status_code, 2)
    assert.equal(delivery.accepted, true, `${delivery.error} ${stderr}`)
    assert.equal(sandbox.transactions()[0].bill_total, '15000')

    // The same order failing (a second bill, rejected: payment_total 0) is accepted too, or
    // Faspay would retry a notification the handler can never accept.
    const again = await sandbox.client().createTransaction({ bill_no: 'ORDER-1001', bill_desc: 'Kopi susu',
      bill_total: '15000', payment_channel: '812', cust_no: '42', cust_name: 'Budi', billing_name: 'Budi',
      msisdn: '081234567890', email: 'budi@example.com', item: [{ product: 'Kopi susu', qty: 1, amount: '15000' }] })
    sandbox.reject(again.trx_id)
    assert.equal(await sandbox.waitForDeliveries(2, 30), true, stderr)
    const failed = sandbox.deliveries()[1]
    assert.equal(failed.payment_status_code, 3)
    assert.equal(failed.accepted, true, `${failed.error} ${stderr}`)
  } finally {
    child.kill()
    fs.rmSync(file, { force: true })
    await sandbox.close()
  }
})

test("the README's second Node block, continuing the first: toJSON() and settings", async () => {
  const blocks = readmeBlocks()
  assert.equal(blocks.length, 2)
  const sandbox = startSandbox({ push_delay: 0 })
  try {
    // What the first block leaves in scope: a client and a created (and paid) transaction.
    const client = sandbox.client()
    const created = await client.createTransaction({ bill_no: 'ORDER-1002', bill_desc: 'Kopi susu',
      bill_total: '15000', payment_channel: '812', cust_no: '42', cust_name: 'Budi', billing_name: 'Budi', msisdn: '081234567890',
      email: 'budi@example.com', item: [{ product: 'Kopi susu', qty: 1, amount: '15000' }] })
    await client.ovoPush(created.trx_id, '081234567890')
    const printed = []
    const console = { log: (...values) => printed.push(values) }
    const AsyncFunction = (async () => {}).constructor
    const run = new AsyncFunction('client', 'created', 'console', `${blocks[1]}\nreturn { status, plain }`)
    const { status, plain } = await run(client, created, console)
    // What the block says: the spread is empty, toJSON() is the plain object.
    assert.deepEqual({ ...status }, {})
    assert.deepEqual(Object.keys(status), [])
    assert.equal(Object.getPrototypeOf(plain), Object.prototype)
    assert.equal(plain.bill_no, 'ORDER-1002')
    assert.deepEqual(Object.keys(plain), Object.keys(JSON.parse(JSON.stringify(status))))
    assert.deepEqual(printed, [[2, 30]])
  } finally {
    await sandbox.close()
  }
})

test('the README Node blocks type-check as TypeScript under --strict, as a .mts file a reader pastes them into', () => {
  const ts = require('typescript')
  // The blocks in order, as one module: the second continues the first.
  const file = path.join(__dirname, 'types', '.readme-blocks.mts')
  fs.writeFileSync(file, readmeBlocks().join('\n'))
  try {
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      types: ['node'],
    })
    const errors = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? `line ${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : ''
      return where + ts.flattenDiagnosticMessageText(d.messageText, '\n')
    })
    assert.deepEqual(errors, [])
  } finally {
    fs.rmSync(file, { force: true })
  }
})
