// ES module entry of faspay-rs/testing.
import testing from './testing.js'

export const { startSandbox, Sandbox } = testing
export default testing
