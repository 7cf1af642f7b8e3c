'use strict'
// faspay-rs/testing: the offline Faspay sandbox (the Rust faspay-sandbox crate) inside this
// process, on a free loopback port. Its server and notification threads are native, so a
// merchant server running on this event loop can receive its notifications.
//
// OVO outcome by phone number: ending in 000 the customer rejects (status 3), ending in 999
// the customer never answers (pending until approve/expire), anything else approves after
// `push_delay` seconds.

const native = require('./native.js')

const open = new Set()
let exitHookInstalled = false

function installExitHook() {
  if (exitHookInstalled) return
  exitHookInstalled = true
  // No Promise can settle in 'exit', so the blocking close is used there.
  process.once('exit', () => {
    for (const server of open) server.closeSync()
    open.clear()
  })
}

/** A running sandbox. `close()` stops it (also done on process exit). */
class Sandbox {
  #server
  #amountUnit

  constructor(server) {
    this.#server = server
    this.#amountUnit = server.amount_unit
    open.add(server)
    installExitHook()
  }

  /** `http://127.0.0.1:PORT`: the `base_url` of a client for this sandbox. */
  get baseUrl() {
    return this.#server.base_url
  }

  /** The simulated merchant's credentials (Faspay's public sample values by default). */
  get credentials() {
    const s = this.#server
    return { merchant_id: s.merchant_id, merchant_name: s.merchant_name, user_id: s.user_id, password: s.password }
  }

  /** The text a command-line sandbox prints on start (URL and credentials). */
  get banner() {
    return this.#server.banner
  }

  /** A `Client` for this sandbox; `overrides` change its settings (`{ format: 'xml' }`). */
  client(overrides = {}) {
    // Spreading a string or a number would make settings of its characters, or nothing.
    if (overrides !== null && (typeof overrides !== 'object' || Array.isArray(overrides))) {
      const error = new Error('overrides: must be an object of client settings, e.g. { format: \'xml\' }')
      error.name = 'FaspayError'
      error.code = 'INVALID_ARGUMENT'
      error.field = 'overrides'
      error.requestSent = false
      throw error
    }
    return new native.Client({ ...this.credentials, base_url: this.baseUrl, amount_unit: this.#amountUnit, ...overrides })
  }

  /** Where payment notifications are POSTed (`null`: none are sent). */
  get notifyUrl() {
    return this.#server.notify_url
  }
  set notifyUrl(url) {
    this.#server.notify_url = url ?? null
  }

  /** `'json'` or `'xml'`. */
  get notifyFormat() {
    return this.#server.notify_format
  }
  set notifyFormat(format) {
    this.#server.notify_format = format
  }

  /** Seconds a simulated OVO customer takes to decide. */
  get pushDelay() {
    return this.#server.push_delay
  }
  set pushDelay(seconds) {
    this.#server.push_delay = seconds
  }

  /** `true`: refuse what Faspay's docs do not allow; `false` (default): accept it and record a
   * warning (see `warnings()`). */
  get strict() {
    return this.#server.strict
  }
  set strict(strict) {
    this.#server.strict = strict
  }

  /** `true`: a reused `bill_no` is refused with `14` even when not strict. */
  get uniqueBillNo() {
    return this.#server.unique_bill_no
  }
  set uniqueBillNo(unique) {
    this.#server.unique_bill_no = unique
  }

  /** Everything accepted so far that Faspay's docs do not promise, oldest first. */
  warnings() {
    return this.#server.warnings()
  }
  clearWarnings() {
    this.#server.clearWarnings()
  }

  /** The customer pays: status 2 and a notification. */
  approve(trxId) {
    this.#server.approve(trxId)
  }
  /** The payment fails: status 3 and a notification. */
  reject(trxId) {
    this.#server.reject(trxId)
  }
  /** @deprecated The earlier name of `reject`, kept for code that uses it. */
  fail(trxId) {
    this.#server.reject(trxId)
  }
  /** The bill expires: status 7 and a notification. */
  expire(trxId) {
    this.#server.expire(trxId)
  }
  /** A paid payment is taken back: status 4 (reversal) and a notification. */
  reverse(trxId) {
    this.#server.reverse(trxId)
  }
  /** Moves the sandbox clock forward; pending bills past `bill_expired` expire. */
  advanceClock(seconds) {
    this.#server.advanceClock(seconds)
  }
  /** The sandbox's time, WIB, `YYYY-MM-DD HH:MM:SS`. */
  now() {
    return this.#server.now()
  }
  transaction(trxId) {
    return this.#server.transaction(trxId)
  }
  transactions() {
    return this.#server.transactions()
  }

  /** Every notification attempt so far (retries included), oldest first. */
  deliveries() {
    return this.#server.deliveries()
  }
  /** Resolves `true` once `count` attempts were recorded, `false` after `timeout` seconds. */
  waitForDeliveries(count, timeout = 10) {
    return this.#server.waitForDeliveries(count, timeout)
  }

  /** The requests the sandbox received (admin API excepted), byte for byte with its answers. */
  requests() {
    return this.#server.requests()
  }
  clearRequests() {
    this.#server.clearRequests()
  }

  /** How many requests of an operation (`'create_transaction'`, ...) arrived. */
  requestCount(operation) {
    return this.#server.requestCount(operation)
  }

  /** Makes the sandbox misbehave: `kind` is `latency` (`seconds`), `server_error` (`status`),
   * `html_page`, `reset`, `truncated`, `oversized_body` or `response_error` (`code`, `desc`);
   * `endpoint` limits it to one operation, `times` to that many requests. */
  setFault(kind, options = {}) {
    this.#server.setFault(kind, options)
  }
  clearFaults() {
    this.#server.clearFaults()
  }

  /** Stops the server (idempotent). */
  async close() {
    open.delete(this.#server)
    await this.#server.close()
  }

  get closed() {
    return this.#server.closed
  }

  toString() {
    return `Sandbox(${this.#server.closed ? 'closed' : this.baseUrl})`
  }
}

/**
 * Starts a sandbox on a free loopback port. Options use Faspay's snake_case names
 * (`notify_url`, `notify_format`, `push_delay`, ...); delays default to 0.2 s here (rather than
 * the standalone sandbox's 1 s) to keep test suites quick.
 */
function startSandbox(options = {}) {
  // Anything but an options object goes to the addon as given, which refuses it naming
  // `options` (spreading a string or a number would silently make other options of it).
  const given = options ?? {}
  const server = new native.SandboxServer(
    typeof given === 'object' && !Array.isArray(given) ? { push_delay: 0.2, notify_retry_delay: 0.2, ...given } : given,
  )
  return new Sandbox(server)
}

module.exports = { startSandbox, Sandbox }
