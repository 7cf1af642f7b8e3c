'use strict'
// The `faspay-sandbox` command from package.json's bin: starts, prints where it listens,
// answers, and stops on SIGTERM.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { spawn, spawnSync } = require('node:child_process')

const BIN = path.join(__dirname, '..', 'bin', 'faspay-sandbox.js')

test('faspay-sandbox serves the sandbox until SIGTERM', async () => {
  const child = spawn(process.execPath, [BIN, '--port', '0', '--push-delay', '0'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 20000)
    child.stdout.on('data', (d) => {
      out += d
      const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[0])
      }
    })
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)))
  })
  const summary = await fetch(`${url}/__sandbox/`).then((r) => r.json())
  assert.equal(typeof summary, 'object')
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  child.kill('SIGTERM')
  assert.deepEqual(await exited, { code: 0, signal: null })
})

test('faspay-sandbox takes the options as faspay sandbox and Python\'s command spell them', async () => {
  const child = spawn(process.execPath, [BIN, '--port', '0', '--format', 'xml', '--push-delay-ms', '0', '--strict', '--unique-bill-no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 20000)
    child.stdout.on('data', (d) => {
      out += d
      const m = /admin API +(http:\/\/127\.0\.0\.1:\d+)\/__sandbox\//.exec(out) // the whole URL arrived
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)))
  })
  const settings = await fetch(`${url}/__sandbox/settings`).then((r) => r.json())
  assert.equal(settings.notify_format, 'xml')
  assert.equal(settings.push_delay_ms, 0)
  assert.equal(settings.strict, true)
  assert.equal(settings.unique_bill_no, true)
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  child.kill('SIGTERM')
  assert.deepEqual(await exited, { code: 0, signal: null })
  const both = spawnSync(process.execPath, [BIN, '--format', 'xml', '--notify-format', 'json'], { encoding: 'utf8' })
  assert.equal(both.status, 2)
  assert.match(both.stderr, /set the same thing/)
})

test('faspay-sandbox refuses bad arguments with usage', () => {
  const run = spawnSync(process.execPath, [BIN, '--port', 'many'], { encoding: 'utf8' })
  assert.equal(run.status, 2)
  assert.match(run.stderr, /usage: faspay-sandbox/)
  const help = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' })
  assert.equal(help.status, 0)
  assert.match(help.stdout, /--notify-url/)
})

test('a sandbox left open does not keep Node alive, and is closed on exit', () => {
  const script = `
    const { startSandbox } = require('faspay-rs/testing')
    const sandbox = startSandbox()
    process.on('exit', () => { if (!sandbox.closed) process.exitCode = 3 })
    console.log(sandbox.baseUrl)
  `
  const run = spawnSync(process.execPath, ['-e', script], { cwd: __dirname, encoding: 'utf8', timeout: 30000 })
  assert.equal(run.error, undefined)
  assert.match(run.stdout, /^http:\/\/127\.0\.0\.1:\d+/)
  assert.equal(run.status, 0, run.stderr)
})
