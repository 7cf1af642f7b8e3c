// ES module entry of faspay-rs/express.
import express from './express.js'

export const { notificationHandler } = express
export default express
