'use strict'
// client.settings: every setting the client uses reads back exactly, under the names of the
// ClientOptions it was built from, with the core's defaults; the password never appears.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { inspect } = require('node:util')
const { Client } = require('faspay-rs')

const MARKER = 'Pa55-marker-never-shown'
const make = (extra = {}) =>
  new Client({ merchant_id: '99999', merchant_name: 'Sophia Store', user_id: 'bot99999', password: MARKER, ...extra })

test('the keys are the ClientOptions names without password and logger', () => {
  const dts = fs.readFileSync(path.join(__dirname, '..', 'index.d.ts'), 'utf8')
  const options = /export interface ClientOptions \{([\s\S]*?)\n\}/.exec(dts)[1]
  const names = [...options.matchAll(/^ {2}(\w+)\??:/gm)].map((m) => m[1])
  assert.ok(names.includes('timeout') && names.includes('password'))
  const expected = names.filter((n) => n !== 'password' && n !== 'logger').sort()
  assert.deepEqual(Object.keys(make().settings).sort(), expected)
})

test('the defaults are the core defaults', () => {
  assert.deepEqual(make().settings, {
    merchant_id: '99999',
    merchant_name: 'Sophia Store',
    user_id: 'bot99999',
    environment: 'sandbox',
    base_url: 'https://debit-sandbox.faspay.co.id',
    allow_insecure_http: false,
    format: 'json',
    timeout: 30,
    connect_timeout: 10,
    push_timeout: 90,
    max_retries: 2,
    retry_backoff: 0.2,
    amount_unit: 'sen',
    bill_validity: 86400,
    xml_codes: {
      payment_channels: '182xx00010100000',
      create_transaction: '183xx00010100000',
      payment_status: '183xx00010100000',
      cancel_transaction: '183xx00010100000',
    },
    redirect_code: make().redirectUrl('1', '2').split('/pws/100003/')[1].split('/')[0],
    inquiry_sends_status_fields: true,
    max_response_bytes: 1024 * 1024,
    max_inbound_bytes: 64 * 1024,
    max_idle_connections: 32,
    dns_cache_ttl: 60,
  })
})

test('every configured value reads back exactly', () => {
  const s = make({
    environment: 'production',
    base_url: 'https://proxy.example/',
    format: 'xml',
    timeout: 12.5,
    connect_timeout: 2.25,
    push_timeout: 120,
    max_retries: 5,
    retry_backoff: 0.35,
    amount_unit: 'rupiah',
    bill_validity: 7200,
    inquiry_sends_status_fields: false,
    max_response_bytes: 4096,
    max_inbound_bytes: 2048,
    allow_insecure_http: true,
    max_idle_connections: 0,
    dns_cache_ttl: 0,
    xml_codes: { payment_status: '77' },
    redirect_code: 'abc',
  }).settings
  assert.deepEqual(
    [s.environment, s.base_url, s.format, s.timeout, s.connect_timeout, s.push_timeout],
    ['production', 'https://proxy.example', 'xml', 12.5, 2.25, 120],
  )
  assert.deepEqual([s.max_retries, s.retry_backoff, s.amount_unit, s.bill_validity], [5, 0.35, 'rupiah', 7200])
  assert.deepEqual(
    [s.inquiry_sends_status_fields, s.allow_insecure_http, s.max_response_bytes, s.max_inbound_bytes],
    [false, true, 4096, 2048],
  )
  assert.deepEqual([s.max_idle_connections, s.dns_cache_ttl, s.redirect_code], [0, 0, 'abc'])
  assert.equal(s.xml_codes.payment_status, '77')
  assert.equal(s.xml_codes.payment_channels, '383xx00010100000')
})

test('a plain object, a new one on each read, never the password', () => {
  const client = make()
  const s = client.settings
  assert.equal(Object.getPrototypeOf(s), Object.prototype)
  s.timeout = 1
  assert.equal(client.settings.timeout, 30)
  const shown = JSON.stringify(s) + inspect(s, { depth: 5 }) + JSON.stringify({ ...client.settings })
  assert.ok(!shown.includes(MARKER) && !shown.includes('password'), shown)
})
