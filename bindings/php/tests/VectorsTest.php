<?php

declare(strict_types=1);

// The shared conformance cases of tests/vectors/*.json through the PHP API. One dispatch
// table from op to a call; an unknown op fails the run.

use Faspay\Client;
use Faspay\Exception\FaspayException;

function vector_client(array $input): Client
{
    $config = array_merge([
        'merchant_id' => '99999', 'merchant_name' => 'Sophia Store', 'user_id' => 'bot99999',
        'password' => 'p@ssw0rd', 'environment' => 'sandbox', 'format' => 'json', 'amount_unit' => 'sen',
    ], $input['config'] ?? []);
    return new Client($config);
}

function vector_run(string $op, array $in): ?array
{
    $s = static fn (string $key): string => (string) ($in[$key] ?? '');
    switch ($op) {
        case 'sign':
            return ['signature' => Faspay\sign($s('user_id'), $s('password'), $s('suffix'))];
        case 'sign_message':
            return ['signature' => Faspay\signMessage($s('message'), $s('user_id'), $s('password'), $in['values'] ?? [])];
        case 'amount_to_wire':
            return ['wire' => Faspay\amountToWire($in['amount'], $in['unit'] ?? 'sen')];
        case 'prepare_request':
            $client = vector_client($in);
            $a = $in['args'] ?? [];
            $g = static fn (string $k): string => (string) ($a[$k] ?? '');
            return match ($in['operation']) {
                'payment_channels' => $client->preparePaymentChannels(),
                'create_transaction' => $client->prepareCreateTransaction($a['bill'] ?? []),
                'payment_status' => $client->preparePaymentStatus($g('trx_id'), $g('bill_no')),
                'cancel_transaction' => $client->prepareCancelTransaction($g('trx_id'), $g('bill_no'), $g('reason')),
                'ovo_push' => $client->prepareOvoPush($g('trx_id'), $g('ovo_number')),
            };
        case 'decode_response':
            return vector_client($in)->decodeResponse($in['operation'], $in['http_status'] ?? 200, $s('body'));
        case 'parse_notification':
            return vector_client($in)->parseNotification($s('body'));
        case 'notification_reply':
            return ['reply' => vector_client($in)->notificationReply($s('body'), $in['accepted'] ?? true, $s('response_date'))];
        case 'check_total':
            vector_client($in)->notificationCheckTotal($s('body'), (string) $in['expected_total']);
            return ['matches' => true];
        case 'verify_return':
            return vector_client($in)->verifyReturn($s('query'));
        case 'redirect_url':
            return ['url' => vector_client($in)->redirectUrl($s('trx_id'), $s('bill_no'))];
        case 'ovo_push_form':
            return ['html' => vector_client($in)->ovoPushForm($s('trx_id'), $s('ovo_number'))];
    }
    return null;
}

/** The keys a case may have at each level: a misspelt one would silently test a default. */
const VECTOR_CONFIG_KEYS = ['merchant_id', 'merchant_name', 'user_id', 'password', 'environment', 'format',
    'base_url', 'amount_unit', 'inquiry_sends_status_fields'];
const VECTOR_ARGS_KEYS = ['bill', 'trx_id', 'bill_no', 'reason', 'ovo_number'];
const VECTOR_INPUT_KEYS = [
    'sign' => ['user_id', 'password', 'suffix'],
    'sign_message' => ['message', 'user_id', 'password', 'values'],
    'amount_to_wire' => ['amount', 'unit'],
    'prepare_request' => ['config', 'operation', 'args'],
    'decode_response' => ['config', 'operation', 'http_status', 'body'],
    'parse_notification' => ['config', 'body'],
    'notification_reply' => ['config', 'body', 'accepted', 'response_date'],
    'check_total' => ['config', 'body', 'expected_total'],
    'verify_return' => ['config', 'query'],
    'redirect_url' => ['config', 'trx_id', 'bill_no'],
    'ovo_push_form' => ['config', 'trx_id', 'ovo_number'],
];

/** @return list<string> the keys of $value (an object, or absent) that are not in $known */
function vector_unknown_keys(mixed $value, array $known, string $what): array
{
    if ($value === null) {
        return [];
    }
    if (!is_array($value) || (array_is_list($value) && $value !== [])) {
        return ["$what is not an object"];
    }
    return array_map(static fn ($k): string => "unknown key $what.$k", array_values(array_diff(array_keys($value), $known)));
}

/** Every key of $expected equals the same key of $actual (recursively for objects). */
function vector_match(mixed $expected, mixed $actual, string $path, array &$problems): void
{
    if (is_array($expected) && !array_is_list($expected)) {
        foreach ($expected as $k => $v) {
            vector_match($v, is_array($actual) ? ($actual[$k] ?? null) : null, "$path.$k", $problems);
        }
        return;
    }
    if ($expected !== $actual) {
        $problems[] = "$path: expected " . json_encode($expected) . ', got ' . json_encode($actual);
    }
}

return [
    'every shared vector passes through the PHP API' => static function (): void {
        $count = 0;
        $problems = [];
        $dir = dirname(__DIR__, 3) . '/tests/vectors';
        // min_cases.txt: every vector file is listed with the fewest cases it may hold.
        $minimums = [];
        foreach (file("$dir/min_cases.txt", FILE_IGNORE_NEW_LINES) as $line) {
            $line = trim($line);
            if ($line !== '' && $line[0] !== '#') {
                [$name, $min] = explode(' ', $line, 2);
                $minimums[$name] = (int) $min;
            }
        }
        $files = glob("$dir/*.json");
        $names = array_map('basename', $files);
        foreach (array_diff($names, array_keys($minimums)) as $name) {
            $problems[] = "$name: not listed in min_cases.txt";
        }
        foreach (array_diff(array_keys($minimums), $names) as $name) {
            $problems[] = "$name: listed in min_cases.txt but missing";
        }
        foreach ($files as $file) {
            $doc = json_decode((string) file_get_contents($file), true, 512, JSON_THROW_ON_ERROR);
            if (count($doc['cases']) < ($minimums[basename($file)] ?? 0)) {
                $problems[] = basename($file) . ': fewer cases than min_cases.txt lists';
            }
            foreach ($doc['cases'] as $case) {
                $count++;
                $label = basename($file) . ': ' . $case['name'];
                $found = [
                    ...vector_unknown_keys($case, ['name', 'source', 'op', 'input', 'expect'], 'case'),
                    ...vector_unknown_keys($case['input'], VECTOR_INPUT_KEYS[$case['op']] ?? [], 'input'),
                    ...vector_unknown_keys($case['input']['config'] ?? null, VECTOR_CONFIG_KEYS, 'input.config'),
                    ...vector_unknown_keys($case['input']['args'] ?? null, VECTOR_ARGS_KEYS, 'input.args'),
                    ...vector_unknown_keys($case['expect'], ['ok', 'error'], 'expect'),
                ];
                if (array_key_exists('error', $case['expect']) && !isset($case['expect']['error']['code'])) {
                    $found[] = 'an error expectation without a code';
                }
                try {
                    $result = vector_run($case['op'], $case['input']);
                    if ($result === null) {
                        $problems[] = "$label: unknown op {$case['op']}";
                        continue;
                    }
                    if (array_key_exists('ok', $case['expect'])) {
                        vector_match($case['expect']['ok'], $result, 'ok', $found);
                    } else {
                        $found[] = 'expected an error, got ' . json_encode($result);
                    }
                } catch (FaspayException $e) {
                    if (array_key_exists('error', $case['expect'])) {
                        vector_match($case['expect']['error'], [
                            'code' => $e->getFaspayCode(), 'field' => $e->getField(),
                            'response_code' => $e->getResponseCode(), 'http_status' => $e->getHttpStatus(),
                        ], 'error', $found);
                    } else {
                        $found[] = 'expected ok, got ' . get_class($e) . ': ' . $e->getMessage();
                    }
                }
                foreach ($found as $problem) {
                    $problems[] = "$label: $problem";
                }
            }
        }
        check($count > 50, "only $count cases");
        // The shape check itself: a misspelt key is reported.
        same(['unknown key input.sufix'], vector_unknown_keys(['user_id' => 'u', 'sufix' => 'x'], VECTOR_INPUT_KEYS['sign'], 'input'));
        check($problems === [], count($problems) . " of $count cases failed:\n" . implode("\n", $problems));
    },
];
