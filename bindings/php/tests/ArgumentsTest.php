<?php

declare(strict_types=1);

// Every public function and method, each argument given null, a wrong scalar, an array and an
// object, called from a strict_types file and from one without (loose.php): the outcome is
// PHP's own TypeError (the declared type refused it) or the package's ValidationException
// naming the argument; never another Error, an FFI exception, a crash, or a value that reached
// libfaspay changed. Numbers PHP would cut (2.5 for an int) and values inside arrays, which no
// declared type checks, are the package's ValidationException naming them.

use Faspay\Client;
use Faspay\Exception\FaspayException;
use Faspay\Exception\ValidationException;
use Faspay\Testing\Sandbox;

/**
 * Runs $call strictly and loosely; each outcome must be a TypeError or a ValidationException
 * naming $field. A loose call may also go on when PHP converted a scalar without loss (42 for
 * a string is "42"): that is PHP's documented coercion, not a guess of the package.
 */
function refusedOrConverted(callable $call, array $args, string $field, string $label, bool $scalar): int
{
    $checked = 0;
    foreach (['strict' => $call, 'loose' => fn (mixed ...$a) => loosely($call, ...$a)] as $mode => $run) {
        try {
            $run(...$args);
            check($mode === 'loose' && $scalar, "$label ($mode): accepted");
        } catch (TypeError $e) {
            // PHP's declared parameter type.
        } catch (FaspayException $e) {
            if ($mode === 'loose' && $scalar && $e->getField() !== $field) {
                // Converted, then answered as that value is (an unknown trx_id, say).
                $checked++;
                continue;
            }
            check($e instanceof ValidationException, "$label ($mode): " . get_class($e) . ': ' . $e->getMessage());
            same('INVALID_ARGUMENT', $e->getFaspayCode(), "$label ($mode) code: " . $e->getMessage());
            same($field, $e->getField(), "$label ($mode) field: " . $e->getMessage());
        } catch (Throwable $e) {
            throw new AssertionFailed("$label ($mode): " . get_class($e) . ': ' . $e->getMessage());
        }
        $checked++;
    }
    return $checked;
}

/** A short form of a wrong value for labels. */
function shown(mixed $value): string
{
    return is_object($value) ? get_class($value) : (string) json_encode($value);
}

return [
    'every argument of a wrong type is a TypeError or a ValidationException naming it' => static function (): void {
        $sandbox = new Sandbox(['push_delay' => 0]);
        $client = $sandbox->client();
        $config = $sandbox->clientConfig();
        $body = json_encode([
            'request' => 'Payment Notification', 'trx_id' => '1', 'merchant_id' => $config['merchant_id'],
            'merchant' => $config['merchant_name'], 'bill_no' => 'B1', 'payment_status_code' => '2',
            'payment_status_desc' => 'Payment Sukses', 'bill_total' => '1500000', 'payment_total' => '1500000',
            'payment_channel_uid' => '812', 'payment_channel' => 'OVO',
            'signature' => Faspay\notificationSignature($config['user_id'], $config['password'], 'B1', '2'),
        ]);
        $status = ['payment_total' => '15000'];
        $object = new stdClass();
        // The wrong values for a parameter by its declared type: null, a wrong scalar, an
        // array, an object (an array parameter gets a string instead of an array).
        $wrong = [
            'string' => [null, 42, [], $object],
            'number' => [null, 'x', [], $object, 2.5],
            'float' => [null, 'x', [], $object],
            'bool' => [null, [], $object],
            'array' => [null, 'x', 42, $object],
            'amount' => [null, true, [], $object],
            'query' => [null, 42, $object],
            'callable' => ['no such function', 42, [], $object],
        ];
        $s = static fn (string $field): array => [$field, 'string', 'x'];
        // [label, callable, [[field, type, valid value], ...]]
        $cases = [
            ['sign', 'Faspay\sign', [$s('user_id'), $s('password'), $s('suffix')]],
            ['verify', 'Faspay\verify', [$s('expected'), $s('received')]],
            ['channelInquirySignature', 'Faspay\channelInquirySignature', [$s('user_id'), $s('password')]],
            ...array_map(
                static fn (string $name): array => [$name, "Faspay\\$name", [$s('user_id'), $s('password'), $s('bill_no')]],
                ['postDataSignature', 'inquirySignature', 'cancelSignature', 'redirectSignature', 'ovoPushSignature'],
            ),
            ['notificationSignature', 'Faspay\notificationSignature',
                [$s('user_id'), $s('password'), $s('bill_no'), $s('payment_status_code')]],
            ['returnUrlSignature', 'Faspay\returnUrlSignature', [$s('user_id'), $s('password'), $s('bill_no'), $s('status')]],
            ['signMessage', 'Faspay\signMessage',
                [['message', 'string', 'post_data'], $s('user_id'), $s('password'), ['values', 'array', ['B1']]]],
            ['amountToWire', 'Faspay\amountToWire', [['amount', 'amount', 15000], ['unit', 'string', 'sen']]],
            ['billNoPrefixRisk', 'Faspay\billNoPrefixRisk', [['bill_nos', 'array', ['A1']]]],
            ['responseCodeDescription', 'Faspay\responseCodeDescription', [$s('code')]],
            ['paymentStatusDescription', 'Faspay\paymentStatusDescription', [['code', 'number', 2]]],
            ['new Client', static fn (mixed $c): Client => new Client($c), [['config', 'array', $config]]],
            ['createTransaction', [$client, 'createTransaction'], [['bill', 'array', bill('ARG-1')]]],
            ['prepareCreateTransaction', [$client, 'prepareCreateTransaction'], [['bill', 'array', bill('ARG-1')]]],
            ...array_map(
                static fn (string $name): array => [$name, [$client, $name], [$s('trx_id'), $s('bill_no')]],
                ['paymentStatus', 'redirectUrl', 'preparePaymentStatus'],
            ),
            ...array_map(
                static fn (string $name): array => [$name, [$client, $name], [$s('trx_id'), $s('ovo_number')]],
                ['ovoPush', 'ovoPushForm', 'prepareOvoPush'],
            ),
            ...array_map(
                static fn (string $name): array => [$name, [$client, $name], [$s('trx_id'), $s('bill_no'), $s('reason')]],
                ['cancelTransaction', 'prepareCancelTransaction'],
            ),
            ['paymentStatusCheckTotal', [$client, 'paymentStatusCheckTotal'],
                [['status', 'array', $status], ['expected', 'amount', 15000]]],
            ['parseNotification', [$client, 'parseNotification'], [['body', 'string', $body]]],
            ['notificationReply', [$client, 'notificationReply'], [['body', 'string', $body], ['accepted', 'bool', true]]],
            ['notificationCheckTotal', [$client, 'notificationCheckTotal'],
                [['body', 'string', $body], ['expected', 'amount', 15000]]],
            ['verifyReturn', [$client, 'verifyReturn'], [['query', 'query', 'a=b']]],
            ['decodeResponse', [$client, 'decodeResponse'],
                [['operation', 'string', 'payment_status'], ['http_status', 'number', 200], ['body', 'string', '{}']]],
            ['setLogger', [$client, 'setLogger'], [['logger', 'callable', null]]],
            ['new Sandbox', static fn (mixed $o): Sandbox => new Sandbox($o), [['options', 'array', []]]],
            ...array_map(
                static fn (string $name): array => ["Sandbox::$name", [$sandbox, $name], [$s('trx_id')]],
                ['approve', 'reject', 'expire', 'reverse', 'transaction'],
            ),
            ['Sandbox::setNotifyFormat', [$sandbox, 'setNotifyFormat'], [['format', 'string', 'json']]],
            ['Sandbox::setPushDelay', [$sandbox, 'setPushDelay'], [['seconds', 'float', 0.0]]],
            ['Sandbox::advanceClock', [$sandbox, 'advanceClock'], [['seconds', 'float', 0.0]]],
            ['Sandbox::setNotifyRetries', [$sandbox, 'setNotifyRetries'],
                [['max_retries', 'number', 0], ['delay_seconds', 'float', 0.0]]],
            ['Sandbox::waitForDeliveries', [$sandbox, 'waitForDeliveries'],
                [['count', 'number', 0], ['timeout_seconds', 'float', 0.0]]],
            ['Sandbox::setStrict', [$sandbox, 'setStrict'], [['strict', 'bool', false]]],
            ['Sandbox::setUniqueBillNo', [$sandbox, 'setUniqueBillNo'], [['unique', 'bool', false]]],
            ['Sandbox::setFault', [$sandbox, 'setFault'], [['fault', 'array', ['kind' => 'reset', 'times' => 1]]]],
            ['Sandbox::requestCount', [$sandbox, 'requestCount'], [['operation', 'string', 'payment_status']]],
            ['Sandbox::clientConfig', [$sandbox, 'clientConfig'], [['overrides', 'array', []]]],
        ];
        $checked = 0;
        try {
            foreach ($cases as [$label, $call, $args]) {
                foreach ($args as $i => [$field, $type]) {
                    foreach ($wrong[$type] as $value) {
                        $values = array_column($args, 2);
                        $values[$i] = $value;
                        $scalar = is_scalar($value) && !is_float($value);
                        $checked += refusedOrConverted($call, $values, $field, "$label with $field = " . shown($value), $scalar);
                    }
                }
            }
        } finally {
            $sandbox->stop();
        }
        check($checked > 300, "only $checked cases");
    },

    'a NUL byte in a signature helper\'s argument names that argument' => static function (): void {
        $helpers = [
            'sign' => ['user_id', 'password', 'suffix'],
            'channelInquirySignature' => ['user_id', 'password'],
            'postDataSignature' => ['user_id', 'password', 'bill_no'],
            'inquirySignature' => ['user_id', 'password', 'bill_no'],
            'cancelSignature' => ['user_id', 'password', 'bill_no'],
            'redirectSignature' => ['user_id', 'password', 'bill_no'],
            'ovoPushSignature' => ['user_id', 'password', 'trx_id'],
            'notificationSignature' => ['user_id', 'password', 'bill_no', 'payment_status_code'],
            'returnUrlSignature' => ['user_id', 'password', 'bill_no', 'status'],
        ];
        foreach ($helpers as $name => $fields) {
            foreach ($fields as $i => $field) {
                $args = array_fill(0, count($fields), 'x');
                $args[$i] = "x\0y";
                throws(ValidationException::class, 'INVALID_ARGUMENT', fn () => ("Faspay\\$name")(...$args), $field);
            }
        }
    },

    'a number PHP would cut or C would wrap is a ValidationException naming it' => static function (): void {
        $sandbox = new Sandbox(['push_delay' => 0]);
        $client = $sandbox->client();
        $cases = [
            // [label, fn(value), field, bad values, a good value]
            ['paymentStatusDescription', static fn ($v) => Faspay\paymentStatusDescription($v), 'code',
                [2.5, -1, 256, 2 ** 32 + 2, NAN, INF, -INF, 1e300], 2],
            ['decodeResponse', static fn ($v) => $client->decodeResponse('payment_status', $v, '{"response":"x"}'), 'http_status',
                [200.5, -1, 65536, 65736, NAN, INF, PHP_INT_MAX], null],
            ['Sandbox::setNotifyRetries', static fn ($v) => $sandbox->setNotifyRetries($v, 0.0), 'max_retries',
                [1.5, -1, 2 ** 32, NAN, INF], 2],
            ['Sandbox::waitForDeliveries', static fn ($v) => $sandbox->waitForDeliveries($v, 0.0), 'count',
                [0.5, -1, NAN, INF, 1e19], 0],
            ...array_map(
                static fn (string $name): array => ["Sandbox::$name", static fn ($v) => $sandbox->$name($v), 'seconds',
                    [-1.0, NAN, INF, -INF], 0.5],
                ['setPushDelay', 'advanceClock'],
            ),
        ];
        $checked = 0;
        try {
            foreach ($cases as [$label, $call, $field, $bad, $good]) {
                if ($good !== null) {
                    $call($good); // the good value works: each bad one is the only fault
                }
                foreach ($bad as $value) {
                    foreach (['strict' => $call, 'loose' => fn ($v) => loosely($call, $v)] as $mode => $run) {
                        throws(ValidationException::class, 'INVALID_ARGUMENT', fn () => $run($value), $field);
                        $checked++;
                    }
                }
            }
            // A whole float is a whole number.
            same('Payment Success', Faspay\paymentStatusDescription(2.0));
            same('Payment Success', loosely('Faspay\paymentStatusDescription', '2'));
        } finally {
            $sandbox->stop();
        }
        check($checked > 60, "only $checked cases");
    },

    'values inside arrays are refused naming their key, never cast' => static function (): void {
        $sandbox = new Sandbox(['push_delay' => 0]);
        $client = $sandbox->client();
        $config = $sandbox->clientConfig();
        $object = new stdClass();
        try {
            // [label, fn(value), field, wrong values]
            $cases = [
                ...array_map(
                    static fn (string $key): array => ["config $key", static fn ($v) => new Client([$key => $v] + $config), $key,
                        [true, 'x', [1], $object, NAN, -1]],
                    ['timeout', 'connect_timeout', 'push_timeout', 'retry_backoff', 'bill_validity', 'dns_cache_ttl'],
                ),
                ...array_map(
                    static fn (string $key): array => ["config $key", static fn ($v) => new Client([$key => $v] + $config), $key,
                        [true, 'x', [1], $object, 2.5, -1, NAN]],
                    ['max_retries', 'max_response_bytes', 'max_inbound_bytes', 'max_idle_connections'],
                ),
                ...array_map(
                    static fn (string $key): array => ["config $key", static fn ($v) => new Client([$key => $v] + $config), $key,
                        [true, 12345, 2.5, [1], $object]],
                    ['merchant_id', 'merchant_name', 'user_id', 'password', 'environment', 'format', 'amount_unit'],
                ),
                ...array_map(
                    static fn (string $key): array => ["config $key", static fn ($v) => new Client([$key => $v] + $config), $key,
                        ['yes', 1, [1], $object]],
                    ['allow_insecure_http', 'inquiry_sends_status_fields'],
                ),
                ...array_map(
                    static fn (string $key): array => ["sandbox $key", static fn ($v) => (new Sandbox([$key => $v]))->stop(), $key,
                        [true, 'x', [1], $object, 2.5, -1]],
                    ['port', 'threads', 'notify_max_retries'],
                ),
                ...array_map(
                    static fn (string $key): array => ["sandbox $key", static fn ($v) => (new Sandbox([$key => $v]))->stop(), $key,
                        [true, 'x', [1], $object, -1]],
                    ['push_delay', 'notify_retry_delay'],
                ),
                ['sandbox strict', static fn ($v) => (new Sandbox(['strict' => $v]))->stop(), 'strict', ['yes', 1, [1], $object]],
                ['sandbox password', static fn ($v) => (new Sandbox(['password' => $v]))->stop(), 'password', [1, true, [1]]],
                ...array_map(
                    static fn (string $key): array => ["bill $key", static fn ($v) => $client->prepareCreateTransaction([$key => $v] + bill('ARG-2')),
                        $key, [true, [1], $object, NAN]],
                    ['bill_total', 'bill_no'],
                ),
                ['billNoPrefixRisk', static fn ($v) => Faspay\billNoPrefixRisk(['A1', $v]), 'bill_nos', [null, 7, 1.5, true, [], $object]],
                ['signMessage', static fn ($v) => Faspay\signMessage('post_data', 'u', 'p', [$v]), 'values',
                    [null, 7, 1.5, true, [], $object]],
            ];
            $checked = 0;
            foreach ($cases as [$label, $call, $field, $bad]) {
                foreach ($bad as $value) {
                    $e = throws(ValidationException::class, null, fn () => $call($value), $field);
                    check(in_array($e->getFaspayCode(), ['INVALID_ARGUMENT'], true), "$label = " . shown($value) . ': ' . $e->getFaspayCode());
                    check(!str_contains($e->getMessage(), 'hunter2'), 'no secret');
                    $checked++;
                }
            }
            check($checked > 150, "only $checked cases");
            // A float total is its exact value, never cut: 25000.7 rupiah is 2500070 sen.
            $prepared = $client->prepareCreateTransaction(['bill_total' => 25000.7] + bill('ARG-3'));
            same('2500070', json_decode($prepared['body'], true)['bill_total']);
            // A password of the wrong type is never quoted back.
            $e = throws(ValidationException::class, 'INVALID_ARGUMENT', fn () => new Sandbox(['password' => 1234567]), 'password');
            check(!str_contains($e->getMessage(), '1234567'), 'the password is not quoted');
        } finally {
            $sandbox->stop();
        }
    },
];
