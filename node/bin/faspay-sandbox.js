#!/usr/bin/env node
'use strict'
// `npx faspay-sandbox --port 8765`: the offline Faspay sandbox as a standalone server.

const { parseArgs } = require('node:util')
const { SandboxServer } = require('../native.js')

const usage = `usage: faspay-sandbox [--port N] [--host ADDR] [--notify-url URL] [--notify-format json|xml]
                      [--push-delay SECONDS] [--merchant-id ID] [--merchant-name NAME]
                      [--user-id USER] [--password PASS] [--amount-unit sen|rupiah]
                      [--strict] [--unique-bill-no]
  --format json|xml and --push-delay-ms MS are accepted too, as \`faspay sandbox\` and
  Python's faspay-sandbox spell them.`

let args
try {
  args = parseArgs({
    options: {
      port: { type: 'string', default: '8765' },
      host: { type: 'string' },
      'notify-url': { type: 'string' },
      'notify-format': { type: 'string' },
      format: { type: 'string' },
      'push-delay': { type: 'string' },
      'push-delay-ms': { type: 'string' },
      strict: { type: 'boolean' },
      'unique-bill-no': { type: 'boolean' },
      'merchant-id': { type: 'string' },
      'merchant-name': { type: 'string' },
      'user-id': { type: 'string' },
      password: { type: 'string' },
      'amount-unit': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values
} catch (e) {
  console.error(`${e.message}\n${usage}`)
  process.exit(2)
}
if (args.help) {
  console.log(usage)
  process.exit(0)
}

const number = (name, text) => {
  const value = Number(text)
  if (text === undefined) return undefined
  if (!Number.isFinite(value)) {
    console.error(`--${name} must be a number\n${usage}`)
    process.exit(2)
  }
  return value
}

// One spelling of each setting: both given is a mistake, not a silent choice.
for (const [a, b] of [['notify-format', 'format'], ['push-delay', 'push-delay-ms']]) {
  if (args[a] !== undefined && args[b] !== undefined) {
    console.error(`--${a} and --${b} set the same thing: give one\n${usage}`)
    process.exit(2)
  }
}
const pushDelayMs = number('push-delay-ms', args['push-delay-ms'])
const options = Object.fromEntries(
  Object.entries({
    port: number('port', args.port),
    host: args.host,
    notify_url: args['notify-url'],
    notify_format: args['notify-format'] ?? args.format,
    push_delay: pushDelayMs !== undefined ? pushDelayMs / 1000 : number('push-delay', args['push-delay']),
    strict: args.strict,
    unique_bill_no: args['unique-bill-no'],
    merchant_id: args['merchant-id'],
    merchant_name: args['merchant-name'],
    user_id: args['user-id'],
    password: args.password,
    amount_unit: args['amount-unit'],
  }).filter(([, v]) => v !== undefined),
)

let server
try {
  server = new SandboxServer(options)
} catch (e) {
  console.error(`faspay-sandbox: ${e.message}`)
  process.exit(2)
}
// The native server threads do not keep Node's event loop alive: this timer does.
const keepAlive = setInterval(() => {}, 1 << 30)
const stop = () => {
  clearInterval(keepAlive)
  server.close().then(() => process.exit(0))
}
// Ready to stop before the banner says it is ready to serve (a supervisor may signal at once).
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
console.log(server.banner)
