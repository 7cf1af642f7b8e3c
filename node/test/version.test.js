'use strict'
// The package reports the release's one version: the workspace version in Cargo.toml, which
// package.json must repeat (scripts/release refuses a mismatch).
const test = require('node:test')
const assert = require('node:assert/strict')
const { readFileSync } = require('node:fs')
const path = require('node:path')

const faspay = require('../faspay.js')

test('version is the workspace version and package.json agrees', async () => {
  const cargo = readFileSync(path.join(__dirname, '..', '..', 'Cargo.toml'), 'utf8')
  const workspace = /^version = "([^"]+)"/m.exec(cargo)[1]
  assert.equal(faspay.version, workspace)
  assert.equal(require('../package.json').version, workspace)
  const esm = await import('../faspay.mjs')
  assert.equal(esm.version, workspace)
})
