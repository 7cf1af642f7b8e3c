'use strict'
// The generated addon (`index.js`) as the rest of the package uses it, with two things the
// Rust side cannot give by itself:
// - A panic in the binding's own code (outside the guarded core calls, which already answer
//   INTERNAL) is caught by napi's `catch_unwind` on every export, which throws napi's
//   `GenericFailure` error carrying the panic's message. Here it becomes the documented
//   `INTERNAL` FaspayError, with a fixed message: the panic text may quote data being handled.
// - `paymentChannels()` (and `decodeResponse('payment_channels', ...)`) results are also
//   list-like over their channels, like Python's and Rust's ChannelList: `length`, `[i]`,
//   `for...of`, `find(pgCode | predicate)`; these are non-enumerable, so JSON and
//   `util.inspect` show the same plain object as before.

const native = require('./index.js')

const INTERNAL_MESSAGE = 'internal error in faspay (a bug: please report it)'

/** napi's error for a caught panic, turned into faspay's INTERNAL error. */
function internalIfPanic(error) {
  if (error instanceof Error && error.code === 'GenericFailure' && error.name !== 'FaspayError') {
    const internal = new Error(INTERNAL_MESSAGE)
    internal.name = 'FaspayError'
    internal.code = 'INTERNAL'
    internal.requestSent = false
    return internal
  }
  return error
}

function guard(fn) {
  const guarded = function (...args) {
    let result
    try {
      result = new.target ? Reflect.construct(fn, args, new.target) : fn.apply(this, args)
    } catch (error) {
      throw internalIfPanic(error)
    }
    if (result instanceof Promise) {
      return result.catch((error) => {
        throw internalIfPanic(error)
      })
    }
    return result
  }
  Object.defineProperty(guarded, 'name', { value: fn.name })
  return guarded
}

/** `guard` for a getter and a setter: one call shape, never async, so a plain call (no rest
 * arguments, no Promise check) is enough. A result's fields are read on every notification a
 * server handles, where the generic guard cost about as much as the getter itself. */
function guardGetter(get) {
  return function () {
    try {
      return get.call(this)
    } catch (error) {
      throw internalIfPanic(error)
    }
  }
}

function guardSetter(set) {
  return function (value) {
    try {
      set.call(this, value)
    } catch (error) {
      throw internalIfPanic(error)
    }
  }
}

/** Guards every method and accessor of a class's prototype and its static functions. */
function guardClass(cls) {
  for (const target of [cls.prototype, cls]) {
    for (const key of Reflect.ownKeys(target)) {
      if (key === 'constructor' || key === 'prototype' || key === 'length' || key === 'name') continue
      const d = Object.getOwnPropertyDescriptor(target, key)
      if (!d.configurable) continue
      if (typeof d.value === 'function') d.value = guard(d.value)
      if (d.get) d.get = guardGetter(d.get)
      if (d.set) d.set = guardSetter(d.set)
      Object.defineProperty(target, key, d)
    }
  }
  // `new Class(...)` too, keeping `instanceof` and the prototype.
  return new Proxy(cls, {
    construct(target, args, newTarget) {
      try {
        return Reflect.construct(target, args, newTarget)
      } catch (error) {
        throw internalIfPanic(error)
      }
    },
  })
}

/** Makes a ChannelList result list-like over its `payment_channel` array. */
function channelList(result) {
  const channels = result.payment_channel
  const hidden = (value) => ({ value, enumerable: false, configurable: true })
  Object.defineProperties(result, {
    length: { get: () => channels.length, enumerable: false, configurable: true },
    [Symbol.iterator]: hidden(() => channels[Symbol.iterator]()),
    find: hidden((what) =>
      typeof what === 'function' ? channels.find(what) : channels.find((c) => c.pg_code === String(what)),
    ),
  })
  channels.forEach((channel, i) => Object.defineProperty(result, i, hidden(channel)))
  return result
}

// The addon's own prepareCreateTransaction, before it is guarded below: the wrapper further
// down maps a panic itself, without the generic guard's rest arguments and Promise check.
const rawPrepareCreateTransaction = native.Client.prototype.prepareCreateTransaction
// Likewise parseNotification, called once per notification a server receives.
const rawParseNotification = native.Client.prototype.parseNotification

const exported = {}
for (const [key, value] of Object.entries(native)) {
  if (typeof value !== 'function') {
    exported[key] = value
  } else if (/^[A-Z]/.test(key)) {
    exported[key] = guardClass(value)
  } else {
    exported[key] = guard(value)
  }
}

// A bill's values laid out in the core's field order (`_billFields`), items likewise, so the
// addon reads each value by its index: the walk and the property lookups run as JIT-compiled
// JS instead of N-API calls (about twice as fast a body build). The walk is over the own
// enumerable properties, the ones the addon itself would read; `null` (the addon then reads
// the object) for anything else: not a plain object, a key outside Faspay's tables (it goes
// into `extra`), an `item` that is not an object or a list of them.
const [BILL_FIELDS, ITEM_FIELDS] = native._billFields()
const BILL_SLOTS = new Map(BILL_FIELDS.map((name, i) => [name, i]))
const ITEM_SLOTS = new Map(ITEM_FIELDS.map((name, i) => [name, i]))
const ITEM_SLOT = BILL_SLOTS.get('item')

const hasOwn = Object.hasOwn
const OBJECT_PROTOTYPE = Object.prototype

/** Whether `for...in` over `object` lists its own keys only: nothing enumerable on its
 * prototype. A bill is read from its own properties (what JSON.stringify reads), so a polluted
 * Object.prototype never reaches it; this check keeps the usual case at `for...in`'s speed
 * (`Object.keys` or a `hasOwn` per key take twice as long). */
function inheritsNoKeys(object) {
  const prototype = Object.getPrototypeOf(object)
  if (prototype !== OBJECT_PROTOTYPE && prototype !== null) return false
  for (const _ in OBJECT_PROTOTYPE) return false // eslint-disable-line no-unreachable-loop
  return true
}

function laidOut(object, slots, count) {
  // Binary data (a Buffer) is refused by the addon; for...in would first list a key per byte.
  if (typeof object !== 'object' || object === null || Array.isArray(object) || object instanceof Date ||
    ArrayBuffer.isView(object) || object instanceof ArrayBuffer) return null
  const values = new Array(count).fill(undefined)
  const ownOnly = inheritsNoKeys(object)
  for (const key in object) {
    if (!ownOnly && !hasOwn(object, key)) continue
    const slot = slots.get(key)
    if (slot === undefined) return null
    values[slot] = object[key]
  }
  return values
}

function billValues(bill) {
  const values = laidOut(bill, BILL_SLOTS, BILL_FIELDS.length)
  if (values === null) return null
  const item = values[ITEM_SLOT]
  if (item === undefined) return values
  const list = Array.isArray(item) ? item : [item]
  const items = new Array(list.length)
  for (let i = 0; i < list.length; i++) {
    if (!(i in list)) return null
    const one = laidOut(list[i], ITEM_SLOTS, ITEM_FIELDS.length)
    if (one === null) return null
    items[i] = one
  }
  values[ITEM_SLOT] = items
  return values
}

const { paymentChannels, decodeResponse } = native.Client.prototype
const guardedCreateTransaction = native.Client.prototype.createTransaction
native.Client.prototype.prepareCreateTransaction = function prepareCreateTransaction(bill) {
  const values = billValues(bill)
  try {
    return rawPrepareCreateTransaction.call(this, bill, values)
  } catch (error) {
    throw internalIfPanic(error)
  }
}
native.Client.prototype.parseNotification = function parseNotification(body) {
  try {
    return rawParseNotification.call(this, body)
  } catch (error) {
    throw internalIfPanic(error)
  }
}
native.Client.prototype.createTransaction = function createTransaction(bill) {
  return guardedCreateTransaction.call(this, bill, billValues(bill))
}
native.Client.prototype.paymentChannels = function () {
  return paymentChannels.call(this).then(channelList)
}
native.Client.prototype.decodeResponse = function (operation, ...rest) {
  const result = decodeResponse.call(this, operation, ...rest)
  return operation === 'payment_channels' ? channelList(result) : result
}

module.exports = exported
module.exports.internalIfPanic = internalIfPanic
module.exports.billValues = billValues
