'use strict'
// The public surface is what the type declarations say, nothing more: each entry's runtime
// names are the values its .d.ts exports (read by the TypeScript compiler, not by this
// package), the addon's test hooks and loader internals (`_panicForTest`, `_billFields`,
// `__napiBindingTarget`, ...) are reachable by no public path, and no exported class carries
// an undeclared member.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const ts = require('typescript')

const ROOT = path.resolve(__dirname, '..')

// One compiler program over the three declaration files (tsc is slow to start).
const FILES = ['faspay.d.ts', 'testing.d.ts', 'express.d.ts']
const program = ts.createProgram(FILES.map((file) => path.join(ROOT, file)), {
  strict: true,
  noEmit: true,
  types: ['node'],
  module: ts.ModuleKind.Node16,
  moduleResolution: ts.ModuleResolutionKind.Node16,
})
const checker = program.getTypeChecker()

/** The symbols a declaration file exports, aliases resolved. */
function exportsOf(file) {
  const module = checker.getSymbolAtLocation(program.getSourceFile(path.join(ROOT, file)))
  return checker
    .getExportsOfModule(module)
    .map((symbol) => [symbol.name, symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol])
}

/** The value (not type-only) names a declaration file exports, as tsc resolves them. */
function declaredValues(file) {
  return exportsOf(file)
    .filter(([, symbol]) => (symbol.flags & ts.SymbolFlags.Value) !== 0)
    .map(([name]) => name)
    .sort()
}

test('the declaration files type-check', () => {
  const diagnostics = ts.getPreEmitDiagnostics(program)
  assert.deepEqual(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), [])
})

const ENTRIES = [
  ['faspay-rs', 'faspay.d.ts'],
  ['faspay-rs/testing', 'testing.d.ts'],
  ['faspay-rs/express', 'express.d.ts'],
]

for (const [specifier, declarations] of ENTRIES) {
  test(`${specifier} exports exactly the values ${declarations} declares (CommonJS and ESM)`, async () => {
    const declared = declaredValues(declarations)
    assert.ok(declared.length > 0)
    assert.deepEqual(Object.keys(require(specifier)).sort(), declared)
    const esm = await import(specifier)
    assert.deepEqual(Object.keys(esm).filter((name) => name !== 'default').sort(), declared)
    assert.equal(declared.filter((name) => name.startsWith('_')).length, 0)
  })
}

test("the addon, its loader and the package's internals are not importable", async () => {
  for (const deep of ['index.js', 'native.js', 'faspay.js', 'testing.js', 'express.js', 'scripts/install.js', 'faspay.linux-x64-gnu.node']) {
    assert.throws(() => require(`faspay-rs/${deep}`), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' }, deep)
    await assert.rejects(import(`faspay-rs/${deep}`), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' }, deep)
  }
})

test('exported classes carry no undeclared or underscore members', () => {
  const faspay = require('faspay-rs')
  // The members each class's declaration lists (accessors and methods), read by tsc.
  const exports = new Map(exportsOf('faspay.d.ts'))
  for (const name of ['Client', 'Notification', 'PaymentStatus', 'Sandbox']) {
    const instance = checker.getDeclaredTypeOfSymbol(exports.get(name))
    const declared = checker.getPropertiesOfType(instance).map((p) => p.name).filter((n) => !n.startsWith('#')).sort()
    const runtime = Reflect.ownKeys(faspay[name].prototype)
      .filter((key) => typeof key === 'string' && key !== 'constructor')
      .sort()
    assert.deepEqual(runtime, declared, name)
    // Statics: none besides what every function has.
    const statics = Reflect.ownKeys(faspay[name]).filter((key) => !['length', 'name', 'prototype', 'arguments', 'caller'].includes(key))
    assert.deepEqual(statics, [], name)
  }
})
