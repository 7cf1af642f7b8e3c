<?php

declare(strict_types=1);

namespace Faspay;

use Faspay\Exception\ValidationException;

/*
 * Signature and amount helpers over libfaspay (found through FASPAY_LIB, or load a library
 * first with `new Client(..., $path)` / `Faspay\library($path)`). Every signature is
 * sha1(md5(user_id . password . suffix)) as 40 lowercase hex characters.
 */

/** The library these functions use: $path once, else the last one loaded, else FASPAY_LIB. */
function library(?string $path = null): Library
{
    return Library::load($path);
}

/**
 * @internal Calls a signature function of the library with checked string arguments, in
 * order, by argument name (which an error names as its field).
 * @param array<string, string> $args
 */
function signWith(string $function, #[\SensitiveParameter] array $args): string
{
    $texts = [];
    foreach ($args as $name => $value) {
        $texts[] = Library::text($value, $name);
    }
    return library()->string($function, ...$texts);
}

/** sha1(md5(user_id . password . suffix)). */
function sign(string $userId, #[\SensitiveParameter] string $password, string $suffix): string
{
    return signWith('faspay_sign', ['user_id' => $userId, 'password' => $password, 'suffix' => $suffix]);
}

/** Payment Channel Inquiry: sha1(md5(user_id . password)). */
function channelInquirySignature(string $userId, #[\SensitiveParameter] string $password): string
{
    return signWith('faspay_channel_inquiry_signature', ['user_id' => $userId, 'password' => $password]);
}

/** Post Data Transaction: sign(user_id, password, bill_no). */
function postDataSignature(string $userId, #[\SensitiveParameter] string $password, string $billNo): string
{
    return signWith('faspay_post_data_signature', ['user_id' => $userId, 'password' => $password, 'bill_no' => $billNo]);
}

/** Inquiry Payment Status: sign(user_id, password, bill_no). */
function inquirySignature(string $userId, #[\SensitiveParameter] string $password, string $billNo): string
{
    return signWith('faspay_inquiry_signature', ['user_id' => $userId, 'password' => $password, 'bill_no' => $billNo]);
}

/** Cancel Transaction: sign(user_id, password, bill_no). */
function cancelSignature(string $userId, #[\SensitiveParameter] string $password, string $billNo): string
{
    return signWith('faspay_cancel_signature', ['user_id' => $userId, 'password' => $password, 'bill_no' => $billNo]);
}

/** The redirect URL's path signature: sign(user_id, password, bill_no). */
function redirectSignature(string $userId, #[\SensitiveParameter] string $password, string $billNo): string
{
    return signWith('faspay_redirect_signature', ['user_id' => $userId, 'password' => $password, 'bill_no' => $billNo]);
}

/** OVO push-to-pay: sign(user_id, password, trx_id). */
function ovoPushSignature(string $userId, #[\SensitiveParameter] string $password, string $trxId): string
{
    return signWith('faspay_ovo_push_signature', ['user_id' => $userId, 'password' => $password, 'trx_id' => $trxId]);
}

/** Payment notification: sign(user_id, password, bill_no . payment_status_code). */
function notificationSignature(
    string $userId,
    #[\SensitiveParameter] string $password,
    string $billNo,
    string $paymentStatusCode,
): string {
    return signWith('faspay_notification_signature', [
        'user_id' => $userId, 'password' => $password, 'bill_no' => $billNo, 'payment_status_code' => $paymentStatusCode,
    ]);
}

/** Return URL: sign(user_id, password, bill_no . status). */
function returnUrlSignature(
    string $userId,
    #[\SensitiveParameter] string $password,
    string $billNo,
    string $status,
): string {
    return signWith('faspay_return_url_signature', ['user_id' => $userId, 'password' => $password, 'bill_no' => $billNo, 'status' => $status]);
}

/**
 * Signs a message by name ("channel_inquiry", "post_data", "inquiry", "cancel", "redirect",
 * "ovo_push", "notification", "return_url") with its values in order.
 *
 * @param list<string> $values
 */
function signMessage(string $message, string $userId, #[\SensitiveParameter] string $password, array $values): string
{
    $lib = library();
    $count = count($values);
    $pointers = $lib->ffi->new('char*[' . max(1, $count) . ']');
    $keep = [];
    foreach (array_values($values) as $i => $value) {
        if (!is_string($value)) {
            throw new ValidationException(
                "values: must be a list of strings, item {$i} is " . get_debug_type($value),
                'INVALID_ARGUMENT',
                'values',
            );
        }
        $value = Library::text($value, 'values');
        $length = strlen($value);
        $buffer = $lib->ffi->new('char[' . ($length + 1) . ']');
        \FFI::memcpy($buffer, $value . "\0", $length + 1);
        $keep[] = $buffer;
        $pointers[$i] = \FFI::cast('char*', $buffer);
    }
    return $lib->string(
        'faspay_sign_message',
        Library::text($message, 'message'),
        Library::text($userId, 'user_id'),
        Library::text($password, 'password'),
        $lib->ffi->cast('const char**', $pointers),
        $count,
    );
}

/** Constant-time, case-insensitive comparison of two signatures. */
function verify(string $expected, string $received): bool
{
    $lib = library();
    $matches = $lib->ffi->new('bool');
    $lib->call('faspay_verify', [
        Library::text($expected, 'expected'),
        Library::text($received, 'received'),
        \FFI::addr($matches),
    ]);
    return $matches->cdata;
}

/** The wire text of a rupiah amount (int, or a decimal string such as "15000.50") in $unit. */
function amountToWire(int|string|float $amount, string $unit = 'sen'): string
{
    return library()->string('faspay_amount_to_wire', Library::amount($amount, 'amount'), Library::text($unit, 'unit'));
}

/**
 * The length of generateBillNo()'s numbers: C's FASPAY_GENERATED_BILL_NO_LENGTH (PHP's FFI
 * cannot read a #define; the tests compare the two).
 */
const GENERATED_BILL_NO_LENGTH = 16;

/** A new bill number: 16 digits, the first never 0, from the OS's secure random source. */
function generateBillNo(): string
{
    return library()->string('faspay_bill_no_generate');
}

/**
 * A warning when these bill numbers let one be another plus a status digit (e.g. "1000" and
 * "10002"), which Faspay's unseparated signatures cannot tell apart; null when they show no
 * such risk (for example all have one length).
 *
 * @param list<string> $billNos
 */
function billNoPrefixRisk(array $billNos): ?string
{
    $lib = library();
    $count = count($billNos);
    $pointers = $lib->ffi->new('char*[' . max(1, $count) . ']');
    $keep = [];
    foreach (array_values($billNos) as $i => $billNo) {
        // A bill number is text ("007" is not 7): an int, null, array or object is refused,
        // never cast (an object without __toString would be a PHP Error).
        if (!is_string($billNo)) {
            throw new ValidationException(
                "bill_nos: must be a list of strings, item {$i} is " . get_debug_type($billNo),
                'INVALID_ARGUMENT',
                'bill_nos',
            );
        }
        $billNo = Library::text($billNo, 'bill_nos');
        $buffer = $lib->ffi->new('char[' . (strlen($billNo) + 1) . ']');
        \FFI::memcpy($buffer, $billNo . "\0", strlen($billNo) + 1);
        $keep[] = $buffer;
        $pointers[$i] = \FFI::cast('char*', $buffer);
    }
    return $lib->optionalString('faspay_bill_no_prefix_risk', $lib->ffi->cast('const char**', $pointers), $count);
}

/** Faspay's documented meaning of a response_code ("14": "Invalid Order"), or null. */
function responseCodeDescription(string $code): ?string
{
    return library()->optionalString('faspay_response_code_description', Library::text($code, 'code'));
}

/** Faspay's meaning of a payment_status_code (2: "Payment Success"); 0 to 255. */
function paymentStatusDescription(int|float $code): string
{
    return library()->string('faspay_payment_status_description', Library::whole($code, 'code', 0, 255));
}

/** The loaded library's version (the release's version, e.g. "0.1.0"). */
function version(): string
{
    return (string) library()->ffi->faspay_version();
}
