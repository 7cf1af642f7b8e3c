'use strict'
// faspay-rs/express: a payment-notification endpoint for Express 4/5 or a plain node:http
// server. It reads the raw body itself, lets the core verify it, hands the verified
// notification to the merchant's callback and answers with the exact reply bytes.

const DEFAULT_LIMIT = 64 * 1024 // a notification is well under 2 KiB
const DEFAULT_TIMEOUT = 10 // seconds: Faspay sends a notification's few bytes at once

/** Why a body was not read: the HTTP status to answer with and its short text. */
class BodyError extends Error {
  constructor(status, reply, message) {
    super(message)
    this.name = 'BodyError'
    this.status = status
    this.reply = reply
  }
}

/** The raw notification bytes of `req`, at most `limit` of them, within `timeout` ms. */
function readBody(req, limit, timeout) {
  // A body parser mounted before this handler may already hold the raw bytes:
  // express.raw() / express.text() in `req.body`, a `verify` hook or a platform in `req.rawBody`.
  if (Buffer.isBuffer(req.body) || typeof req.body === 'string') return Promise.resolve(req.body)
  if (Buffer.isBuffer(req.rawBody)) return Promise.resolve(req.rawBody)
  if (req.readableEnded) {
    return Promise.reject(new BodyError(500, 'internal error',
      'the request body was already consumed by a body parser mounted before notificationHandler ' +
      '(express.json()?): mount notificationHandler first, or give it the raw bytes with express.raw()'))
  }
  const declared = Number(req.headers['content-length'])
  if (declared > limit) {
    // Refused from the header: none of the body is read.
    return Promise.reject(new BodyError(413, 'too large', `notification body of ${declared} bytes, over the limit of ${limit}`))
  }
  return new Promise((resolve, reject) => {
    const chunks = []
    let size = 0
    const stop = () => {
      clearTimeout(timer)
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
      req.off('close', onClose)
    }
    const fail = (error) => {
      stop()
      req.pause() // the rest stays unread: the answer closes the connection
      reject(error)
    }
    const onData = (chunk) => {
      size += chunk.length
      if (size > limit) {
        fail(new BodyError(413, 'too large', `notification body over the limit of ${limit} bytes`))
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      stop()
      resolve(Buffer.concat(chunks, size))
    }
    const onError = (error) => fail(Object.assign(new BodyError(400, 'unreadable body', `reading the notification body failed: ${error.message}`), { cause: error }))
    const onClose = () => fail(new BodyError(400, 'unreadable body', 'the connection closed before the notification body ended'))
    const timer = setTimeout(
      () => fail(new BodyError(408, 'too slow', `the notification body did not arrive within ${timeout / 1000} s`)),
      timeout,
    )
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
    req.on('close', onClose)
    req.resume() // a 'data' listener alone does not restart a stream a middleware paused
  })
}

function sendText(res, status, text, close = false) {
  if (res.headersSent || res.destroyed) return
  res.statusCode = status
  res.setHeader('Content-Type', 'text/plain; charset=utf-8')
  // An unread body is not drained for the next request on the connection: it is closed.
  if (close) res.setHeader('Connection', 'close')
  res.end(text)
}

/** The SDK's error for an option of the wrong type, naming it. */
function invalidOption(field, message) {
  const error = new Error(`${field}: ${message}`)
  error.name = 'FaspayError'
  error.code = 'INVALID_ARGUMENT'
  error.field = field
  error.requestSent = false
  return error
}

/**
 * A request handler `(req, res, next?)` for Faspay's payment notifications.
 *
 * - `client`: the `Client` whose credentials verify the signature.
 * - `onNotification(notification, req)`: called only with a verified notification; may be
 *   async. Resolving `false` refuses it (Faspay retries later); any other value accepts it
 *   (`00`). A throw or rejection refuses it too and is passed to `onError`.
 * - `onError(error, req)`: optional, told (after the answer is sent) about callback failures
 *   and bodies that were not read; what it throws is an unhandled rejection.
 * - `limit`: the largest body read, in bytes (default 64 KiB); a larger one gets 413.
 * - `timeout`: seconds the whole body may take to arrive (default 10); a slower one gets 408.
 *
 * A forged notification (bad signature or another merchant) gets HTTP 403, a malformed body
 * 400, and the callback is not called for either.
 */
function notificationHandler(options = {}) {
  if (typeof options !== 'object' || options === null) {
    throw invalidOption('options', 'must be an object { client, onNotification, onError, limit, timeout }')
  }
  const { client, onNotification, onError, limit = DEFAULT_LIMIT, timeout = DEFAULT_TIMEOUT } = options
  if (!client || typeof client.parseNotification !== 'function') {
    throw invalidOption('client', 'must be a faspay-rs Client')
  }
  if (typeof onNotification !== 'function') {
    throw invalidOption('onNotification', 'must be a function')
  }
  if (onError !== undefined && onError !== null && typeof onError !== 'function') {
    throw invalidOption('onError', 'must be a function')
  }
  // A limit that is no number would make every size pass the check: no cap at all.
  if (!Number.isSafeInteger(limit) || limit <= 0) {
    throw invalidOption('limit', 'must be a positive whole number of bytes')
  }
  // setTimeout's largest delay is 2^31 - 1 ms (about 24.8 days); a larger one fires at once.
  if (typeof timeout !== 'number' || !(timeout > 0) || timeout * 1000 > 2 ** 31 - 1) {
    throw invalidOption('timeout', 'must be a positive number of seconds (at most 2147483)')
  }
  const timeoutMs = Math.ceil(timeout * 1000)
  const report = (error, req) => {
    if (typeof onError === 'function') onError(error, req)
  }
  return function faspayNotification(req, res) {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST')
      sendText(res, 405, 'POST only')
      return
    }
    readBody(req, limit, timeoutMs)
      .then(
        (body) => answer(req, res, body),
        (error) => {
          sendText(res, error.status || 400, error.reply || 'unreadable body', error.status !== 500)
          report(error, req)
        },
      )
      .catch((error) => {
        // A throw from onError itself (or a fault in answering): the request still gets an
        // answer (a refusal Faspay retries when none was sent), and the error is not hidden:
        // it stays an unhandled rejection, as a throw from any other async handler.
        sendText(res, 500, 'internal error')
        throw error
      })
  }

  async function answer(req, res, body) {
    let notification
    try {
      notification = client.parseNotification(body)
    } catch (error) {
      if (error.code === 'INVALID_SIGNATURE') {
        sendText(res, 403, 'invalid signature')
      } else if (error.code === 'INVALID_ARGUMENT') {
        sendText(res, 400, 'not a Faspay notification')
      } else {
        sendText(res, 500, 'internal error')
        report(error, req)
      }
      return
    }
    let accepted
    let failure
    try {
      accepted = (await onNotification(notification, req)) !== false
    } catch (error) {
      failure = error
      accepted = false
    }
    const reply = client.notificationReply(notification, accepted)
    if (!res.headersSent && !res.destroyed) {
      res.statusCode = 200
      res.setHeader('Content-Type', notification.reply_content_type)
      res.setHeader('Content-Length', reply.length)
      res.end(reply)
    }
    if (failure !== undefined) report(failure, req)
  }
}

module.exports = { notificationHandler }
