'use strict'
// faspay-rs/express: a payment-notification endpoint for Express 4/5 or a plain node:http
// server. It reads the raw body itself, lets the core verify it, hands the verified
// notification to the merchant's callback and answers with the exact reply bytes.

const DEFAULT_LIMIT = 64 * 1024 // a notification is well under 2 KiB

function readBody(req, limit) {
  // A body parser mounted before this handler may already hold the raw bytes.
  if (Buffer.isBuffer(req.body) || typeof req.body === 'string') {
    return Promise.resolve(req.body)
  }
  if (req.readableEnded) {
    return Promise.reject(
      Object.assign(new Error('the request body was already consumed: mount notificationHandler before body parsers, or use express.raw()'), { status: 500 }),
    )
  }
  return new Promise((resolve, reject) => {
    const chunks = []
    let size = 0
    req.on('data', (chunk) => {
      size += chunk.length
      if (size > limit) {
        reject(Object.assign(new Error('notification body too large'), { status: 413 }))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function sendText(res, status, text) {
  res.statusCode = status
  res.setHeader('Content-Type', 'text/plain; charset=utf-8')
  res.end(text)
}

/**
 * A request handler `(req, res, next?)` for Faspay's payment notifications.
 *
 * - `client`: the `Client` whose credentials verify the signature.
 * - `onNotification(notification, req)`: called only with a verified notification; may be
 *   async. Resolving `false` refuses it (Faspay retries later); any other value accepts it
 *   (`00`). A throw or rejection refuses it too and is passed to `onError`.
 * - `onError(error, req)`: optional, told about callback failures and unreadable requests.
 * - `limit`: the largest body read, in bytes (default 64 KiB).
 *
 * A forged notification (bad signature or another merchant) gets HTTP 403, a malformed body
 * 400, and the callback is not called for either.
 */
/** The SDK's error for an option of the wrong type, naming it. */
function invalidOption(field, message) {
  const error = new Error(`${field}: ${message}`)
  error.name = 'FaspayError'
  error.code = 'INVALID_ARGUMENT'
  error.field = field
  error.requestSent = false
  return error
}

function notificationHandler(options = {}) {
  if (typeof options !== 'object' || options === null) {
    throw invalidOption('options', 'must be an object { client, onNotification, onError, limit }')
  }
  const { client, onNotification, onError, limit = DEFAULT_LIMIT } = options
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
  const report = (error, req) => {
    if (typeof onError === 'function') onError(error, req)
  }
  return function faspayNotification(req, res) {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST')
      sendText(res, 405, 'POST only')
      return
    }
    readBody(req, limit).then(
      (body) => answer(req, res, body),
      (error) => {
        report(error, req)
        sendText(res, error.status || 400, error.status === 413 ? 'too large' : 'unreadable body')
      },
    )
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
        report(error, req)
        sendText(res, 500, 'internal error')
      }
      return
    }
    let accepted
    try {
      accepted = (await onNotification(notification, req)) !== false
    } catch (error) {
      report(error, req)
      accepted = false
    }
    const reply = client.notificationReply(notification, accepted)
    res.statusCode = 200
    res.setHeader('Content-Type', notification.reply_content_type)
    res.setHeader('Content-Length', reply.length)
    res.end(reply)
  }
}

module.exports = { notificationHandler }
