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

/** The error for a method or accessor of `cls` called on a value that is not one of its
 * instances: napi would read that value's native data as a `cls` (another class's instance
 * made the process crash). */
function wrongThis(cls, key) {
  const error = new Error(`this: ${cls.name}'s ${String(key)} called on a value that is not a ${cls.name}`)
  error.name = 'FaspayError'
  error.code = 'INVALID_ARGUMENT'
  error.field = 'this'
  error.requestSent = false
  return error
}

// Whether a value was made as an instance of a class, one check per class. The proof is the
// Node-API type tag every instance gets when it is made (node/src/brand.rs): `instanceof`
// alone is not enough, since an object given a class's prototype with Object.setPrototypeOf
// passes it, and napi would read that object's native data (none, or another class's: a
// Notification read as a Client crashed Node) as the class's. The tag check is an N-API call
// (about 75 ns, as much as a getter), so an object it proved gets the class's private brand
// (`#own`, which no other code can read, copy or forge) and later checks are a field test.
function ownCheck(isTagged) {
  // The return-override trick: `new Brand(o)` installs `#own` on `o` itself.
  class Base {
    constructor(object) {
      return object
    }
  }
  class Brand extends Base {
    #own
    static has(object) {
      return #own in object
    }
  }
  const check = (value) => {
    if (typeof value !== 'object' || value === null) return false
    if (Brand.has(value)) return true
    if (!isTagged(value)) return false
    new Brand(value) // eslint-disable-line no-new
    return true
  }
  // For an object known to be one (a result just made by the addon): brand it without the call.
  check.brand = (value) => {
    new Brand(value) // eslint-disable-line no-new
    return value
  }
  return check
}
const IS_OWN = {
  Client: ownCheck(native._isClient),
  Notification: ownCheck(native._isNotification),
  PaymentStatus: ownCheck(native._isPaymentStatus),
  SandboxServer: ownCheck(native._isSandboxServer),
}

/** `guard(fn)`; with `cls`, a method of `cls` that refuses another `this` first. */
function guard(fn, cls, key) {
  const isOwn = cls === undefined ? undefined : IS_OWN[cls.name]
  const guarded = function (...args) {
    if (isOwn !== undefined && !isOwn(this)) throw wrongThis(cls, key)
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

/** `guard` for a getter and a setter (of `cls`, refusing another `this`, when given): one call
 * shape, never async, so a plain call (no rest arguments, no Promise check) is enough. A result's fields are read on every notification a
 * server handles, where the generic guard cost about as much as the getter itself. */
function guardGetter(get, cls, key) {
  const isOwn = cls === undefined ? undefined : IS_OWN[cls.name]
  return function () {
    if (isOwn !== undefined && !isOwn(this)) throw wrongThis(cls, key)
    try {
      return get.call(this)
    } catch (error) {
      throw internalIfPanic(error)
    }
  }
}

function guardSetter(set, cls, key) {
  const isOwn = cls === undefined ? undefined : IS_OWN[cls.name]
  return function (value) {
    if (isOwn !== undefined && !isOwn(this)) throw wrongThis(cls, key)
    try {
      set.call(this, value)
    } catch (error) {
      throw internalIfPanic(error)
    }
  }
}

/** Guards every method and accessor of a class's prototype and its static functions. */
function guardClass(cls) {
  if (!(cls.name in IS_OWN)) throw new Error(`faspay: the class ${cls.name} has no type tag (node/src/brand.rs)`)
  for (const target of [cls.prototype, cls]) {
    for (const key of Reflect.ownKeys(target)) {
      if (key === 'constructor' || key === 'prototype' || key === 'length' || key === 'name') continue
      const d = Object.getOwnPropertyDescriptor(target, key)
      if (!d.configurable) continue
      // Static functions take no `this`; the prototype's members refuse a foreign one.
      const own = target === cls ? undefined : cls
      if (typeof d.value === 'function') d.value = guard(d.value, own, key)
      if (d.get) d.get = guardGetter(d.get, own, key)
      if (d.set) d.set = guardSetter(d.set, own, key)
      Object.defineProperty(target, key, d)
    }
  }
  // `new Class(...)` too, keeping `instanceof` and the prototype. A class only the addon makes
  // instances of says where they come from (napi's own error had no code), and a call without
  // `new` is refused before napi would wrap the native data onto whatever `this` was (called as
  // `faspay.Client(...)`, the module's exports object).
  return new Proxy(cls, {
    construct(target, args, newTarget) {
      if (hasOwn(MADE_BY, cls.name)) {
        throw usageError(`${cls.name}: not made with new; it comes from ${MADE_BY[cls.name]}`)
      }
      try {
        return Reflect.construct(target, args, newTarget)
      } catch (error) {
        throw internalIfPanic(error)
      }
    },
    apply() {
      throw usageError(hasOwn(MADE_BY, cls.name)
        ? `${cls.name}: not made by a call; it comes from ${MADE_BY[cls.name]}`
        : `${cls.name} is a class: create one with new ${cls.name}(...)`)
    },
  })
}

/** The classes whose instances only the addon makes, and the call that gives one. */
const MADE_BY = {
  Notification: 'client.parseNotification(body)',
  PaymentStatus: 'client.paymentStatus(trxId, billNo)',
}

/** The SDK's error for a class used the wrong way (no argument is at fault). */
function usageError(message) {
  const error = new Error(message)
  error.name = 'FaspayError'
  error.code = 'INVALID_ARGUMENT'
  error.requestSent = false
  return error
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
// enumerable properties, the ones the addon itself would read (what JSON.stringify reads).
// Each value is read here once, and only here: an object value is copied as plain data, and
// a bill that cannot be laid out (not a plain object, a key outside Faspay's tables, which
// goes into `extra`, an `item` that is not an object or a list of them) is passed as such a
// copy. So the addon, whichever way it reads, never reads the caller's object again: a getter
// or a Proxy trap runs once per call.
const [BILL_FIELDS, ITEM_FIELDS] = native._billFields()
const BILL_SLOTS = new Map(BILL_FIELDS.map((name, i) => [name, i]))
const ITEM_SLOTS = new Map(ITEM_FIELDS.map((name, i) => [name, i]))
const ITEM_SLOT = BILL_SLOTS.get('item')
const MAX_DEPTH = native._maxDepth()
const { isDate, isAnyArrayBuffer } = require('node:util').types

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

/** An object the addon reads key by key: not an array, a Date or binary data (`instanceof`
 * here, as before: this runs for every bill and item). */
function isRecord(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) &&
    !ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer)
}

/** `value` as plain data, each own enumerable property or element read once, for the addon
 * reading it at `depth`. Deeper than the addon reads (an object that contains itself), the
 * value is left as it is: the addon refuses it before reading it. */
function snapshot(value, depth) {
  if (typeof value !== 'object' || value === null || depth >= MAX_DEPTH || isDate(value) ||
    ArrayBuffer.isView(value) || isAnyArrayBuffer(value)) return value
  if (Array.isArray(value)) {
    const length = value.length
    const copy = []
    for (let i = 0; i < length; i++) {
      // The addon refuses the first hole; the rest is never read (nor a huge length walked).
      if (!(i in value)) {
        copy.length = i + 1
        break
      }
      copy.push(snapshot(value[i], depth + 1))
    }
    return copy
  }
  const copy = Object.create(null) // so a key `__proto__` stays a key
  const ownOnly = inheritsNoKeys(value)
  for (const key in value) {
    if (ownOnly || hasOwn(value, key)) copy[key] = snapshot(value[key], depth + 1)
  }
  return copy
}

/** A layout (as the object it came from) as plain data; `item` as a list of them. */
function fromLayout(values, fields) {
  const copy = Object.create(null)
  for (let i = 0; i < fields.length; i++) {
    if (values[i] !== undefined) copy[fields[i]] = values[i]
  }
  return copy
}

/** `object` at `depth` laid out by `slots` (an array), or, from the first key without a slot
 * on, copied as plain data (an object). The bill's `item` value is left for `billInput`. */
function laidOut(object, slots, fields, depth, isBill) {
  const values = new Array(fields.length).fill(undefined)
  const ownOnly = inheritsNoKeys(object)
  let copy = null
  for (const key in object) {
    if (!ownOnly && !hasOwn(object, key)) continue
    const slot = copy === null ? slots.get(key) : undefined
    if (slot === undefined) {
      if (copy === null) copy = fromLayout(values, fields)
      copy[key] = isBill && key === 'item' ? object[key] : snapshot(object[key], depth + 1)
      continue
    }
    const value = object[key]
    values[slot] = typeof value !== 'object' || value === null || (isBill && slot === ITEM_SLOT)
      ? value
      : snapshot(value, depth + 1)
  }
  return copy === null ? values : copy
}

/** What the addon reads for `bill`: `[undefined, values]` when laid out, else `[copy]`. */
function billInput(bill) {
  if (!isRecord(bill)) return [snapshot(bill, 0), undefined]
  const values = laidOut(bill, BILL_SLOTS, BILL_FIELDS, 0, true)
  const laid = Array.isArray(values)
  const item = laid ? values[ITEM_SLOT] : values.item
  let items = item
  let itemsLaid = true
  if (item !== undefined) {
    const single = isRecord(item)
    const list = single ? [item] : Array.isArray(item) ? item : null
    const depth = single ? 1 : 2
    if (list === null) {
      items = snapshot(item, 1)
      itemsLaid = false
    } else {
      const length = list.length
      const layouts = []
      items = []
      for (let i = 0; i < length; i++) {
        if (!(i in list)) {
          items.length = i + 1 // the addon refuses this hole, and reads no further
          itemsLaid = false
          break
        }
        const one = list[i]
        const read = isRecord(one) ? laidOut(one, ITEM_SLOTS, ITEM_FIELDS, depth, false) : snapshot(one, depth)
        const isLayout = isRecord(one) && Array.isArray(read)
        if (!isLayout) itemsLaid = false
        layouts.push(isLayout)
        items.push(read)
      }
      if (!itemsLaid || !laid) {
        for (let i = 0; i < layouts.length; i++) {
          if (layouts[i]) items[i] = fromLayout(items[i], ITEM_FIELDS)
        }
        if (single) items = items[0]
      }
    }
  }
  if (laid && itemsLaid) {
    if (item !== undefined) values[ITEM_SLOT] = items
    return [undefined, values]
  }
  const copy = laid ? fromLayout(values, BILL_FIELDS) : values
  if (item !== undefined) copy.item = items
  return [copy, undefined]
}

/** The laid-out values for `bill`, or `null` when it is passed as a copy (for the tests). */
function billValues(bill) {
  return billInput(bill)[1] ?? null
}

const { paymentChannels, decodeResponse } = native.Client.prototype
const guardedCreateTransaction = native.Client.prototype.createTransaction
native.Client.prototype.prepareCreateTransaction = function prepareCreateTransaction(bill) {
  if (!IS_OWN.Client(this)) throw wrongThis(native.Client, 'prepareCreateTransaction')
  const [copy, values] = billInput(bill)
  try {
    return rawPrepareCreateTransaction.call(this, copy, values)
  } catch (error) {
    throw internalIfPanic(error)
  }
}
native.Client.prototype.parseNotification = function parseNotification(body) {
  if (!IS_OWN.Client(this)) throw wrongThis(native.Client, 'parseNotification')
  try {
    return IS_OWN.Notification.brand(rawParseNotification.call(this, body))
  } catch (error) {
    throw internalIfPanic(error)
  }
}
native.Client.prototype.createTransaction = function createTransaction(bill) {
  const [copy, values] = billInput(bill)
  return guardedCreateTransaction.call(this, copy, values)
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
