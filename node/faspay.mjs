// ES module entry of faspay-rs: the same objects as the CommonJS entry.
import faspay from './faspay.js'

export const {
  Client,
  Notification,
  PaymentStatus,
  ErrorCode,
  isFaspayError,
  errorCodes,
  isPaid,
  isFinal,
  paymentStatusDescription,
  responseCodeDescription,
  amountToWire,
  version,
  generateBillNo,
  GENERATED_BILL_NO_LENGTH,
  billNoPrefixRisk,
  sign,
  verify,
  signMessage,
  channelInquirySignature,
  postDataSignature,
  inquirySignature,
  cancelSignature,
  redirectSignature,
  ovoPushSignature,
  notificationSignature,
  returnUrlSignature,
  startSandbox,
  Sandbox,
} = faspay
export default faspay
