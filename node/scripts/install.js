#!/usr/bin/env node
'use strict'
// npm `install` script: when no prebuilt addon for this platform loads, build it from the Rust
// sources with cargo (Rust from https://rustup.rs is the only requirement) and put it where the
// generated `index.js` looks for it. FASPAY_BUILD_PROFILE=dev builds unoptimized (faster).

const { spawnSync } = require('node:child_process')
const { copyFileSync, readFileSync } = require('node:fs')
const path = require('node:path')

const root = path.resolve(__dirname, '..')

function loads() {
  const probe = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(path.join(root, 'index.js'))})`], {
    stdio: 'ignore',
  })
  return probe.status === 0
}

// The file name the generated loader tries for this platform (`faspay.<platform>-<arch>[-abi].node`).
function addonName() {
  const { platform, arch } = process
  let abi = ''
  if (platform === 'linux') {
    let musl = false
    try {
      musl = readFileSync('/usr/bin/ldd', 'utf8').includes('musl')
    } catch {
      musl = !process.report?.getReport()?.header?.glibcVersionRuntime
    }
    abi = musl ? '-musl' : '-gnu'
  } else if (platform === 'win32') {
    abi = '-msvc'
  }
  return `faspay.${platform}-${arch}${abi}.node`
}

function build() {
  const profile = process.env.FASPAY_BUILD_PROFILE === 'dev' ? 'dev' : 'release'
  console.log(`faspay-rs: no prebuilt addon for ${process.platform}-${process.arch}; building it with cargo (${profile})`)
  const run = spawnSync(
    'cargo',
    ['build', '--locked', '-p', 'faspay-node', '--profile', profile, '--message-format=json-render-diagnostics'],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  )
  if (run.error || run.status !== 0) {
    console.error('faspay-rs: building the addon failed; install Rust (https://rustup.rs) and retry')
    process.exit(1)
  }
  const artifact = run.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line))
    .find((m) => m.reason === 'compiler-artifact' && m.target?.name === 'faspay_node')
  const library = artifact?.filenames?.find((f) => /\.(so|dylib|dll)$/.test(f))
  if (!library) {
    console.error('faspay-rs: cargo built no faspay_node library')
    process.exit(1)
  }
  copyFileSync(library, path.join(root, addonName()))
}

if (!loads()) {
  build()
  if (!loads()) {
    console.error('faspay-rs: the addon was built but does not load')
    process.exit(1)
  }
}
