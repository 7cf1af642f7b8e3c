<?php

declare(strict_types=1);

// Every operation end to end against the embedded sandbox, the fault modes mapped to exception
// classes, the loading errors, and secrets kept out of var_dump / print_r / json_encode.

use Faspay\Client;
use Faspay\Library;
use Faspay\Exception\ApiException;
use Faspay\Exception\LibraryException;
use Faspay\Exception\MalformedResponseException;
use Faspay\Exception\SignatureException;
use Faspay\Exception\TimeoutException;
use Faspay\Exception\TransportException;
use Faspay\Exception\ValidationException;
use Faspay\Testing\Sandbox;

return [
    'the version is the library\'s, shaped MAJOR.MINOR.PATCH' => static function (): void {
        check(preg_match('/^\d+\.\d+\.\d+/', Faspay\version()) === 1, 'version shape');
        $cargo = (string) file_get_contents(dirname(__DIR__, 3) . '/Cargo.toml');
        check(preg_match('/^version = "([^"]+)"/m', $cargo, $m) === 1, 'workspace version');
        same($m[1], Faspay\version());
    },
    'every operation end to end' => static function (): void {
        $sandbox = new Sandbox(['push_delay' => 0, 'unique_bill_no' => true]);
        $client = $sandbox->client();
        check(str_starts_with($sandbox->baseUrl(), 'http://127.0.0.1:'), 'base url');

        $channels = $client->paymentChannels();
        check(in_array('812', array_column($channels['payment_channel'], 'pg_code'), true), 'OVO listed');

        $created = $client->createTransaction(bill('PHP-1'));
        same('00', $created['response_code']);
        same('PHP-1', $created['bill_no']);
        $trx = $created['trx_id'];
        check(str_contains($client->redirectUrl($trx, 'PHP-1'), '/pws/100003/'), 'redirect url');
        check(str_contains($client->ovoPushForm($trx, '081234567890'), '<form'), 'push form');
        same($trx, $client->ovoPush($trx, '081234567890')['trx_id']);
        $status = $client->paymentStatus($trx, 'PHP-1');
        same(2, $status['payment_status_code']);
        same(true, $status['is_paid']);

        $e = throws(ApiException::class, 'API_ERROR', fn () => $client->createTransaction(bill('PHP-1')));
        same('14', $e->getResponseCode());
        same(true, $e->getRequestSent());
        $e = throws(ApiException::class, 'API_ERROR', fn () => $client->cancelTransaction($trx, 'PHP-1', 'changed mind'));
        same('81', $e->getResponseCode());

        // A reversal takes the payment back (4); a cancel then answers 80.
        $reversed = $client->createTransaction(bill('PHP-3'));
        $sandbox->approve($reversed['trx_id']);
        $sandbox->reverse($reversed['trx_id']);
        same(4, $client->paymentStatus($reversed['trx_id'], 'PHP-3')['payment_status_code']);
        $e = throws(ApiException::class, 'API_ERROR', fn () => $client->cancelTransaction($reversed['trx_id'], 'PHP-3', 'x'));
        same('80', $e->getResponseCode());
        throws(ValidationException::class, 'INVALID_ARGUMENT', fn () => $sandbox->reverse($reversed['trx_id']));

        $second = $client->createTransaction(bill('PHP-2', 20000));
        $cancelled = $client->cancelTransaction($second['trx_id'], 'PHP-2', 'changed mind');
        same(8, $cancelled['payment_status_code']);

        same('PHP-3', $sandbox->transaction($reversed['trx_id'])['bill_no']);
        same(4, $sandbox->transaction($reversed['trx_id'])['status']);
        same(null, $sandbox->transaction('0000'));
        $before = $sandbox->now();
        check(preg_match('/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/', $before) === 1, $before);
        $sandbox->advanceClock(3600.0);
        check(strcmp($sandbox->now(), $before) > 0, 'the clock moved');

        $views = $sandbox->transactions();
        same(['PHP-1', 'PHP-3', 'PHP-2'], array_column($views, 'bill_no'));
        same(['15000.50', '15000.50', '20000'], array_column($views, 'bill_total'));
        same(4, $sandbox->requestCount('create_transaction'));
        $sandbox->stop();
        $sandbox->stop();
        throws(LogicException::class, null, fn () => $sandbox->baseUrl());
    },

    'input errors name the field' => static function (): void {
        $sandbox = new Sandbox();
        $client = $sandbox->client();
        throws(ValidationException::class, 'INVALID_ARGUMENT', fn () => $client->createTransaction(['bill_no' => 'X']), 'bill_desc');
        $bad = bill('PHP-3');
        $bad['item'][0]['amount'] = '1.234';
        throws(ValidationException::class, 'INVALID_ARGUMENT', fn () => $client->createTransaction($bad), 'item[0].amount');
        throws(ValidationException::class, 'INVALID_ARGUMENT', fn () => $client->paymentStatus("12\0 34", 'B'), 'trx_id');
        throws(ValidationException::class, 'INVALID_UTF8', fn () => $client->paymentStatus("\xff", 'B'), 'trx_id');
        // Latin-1 text from an older database, or a NAN, in a bill: a ValidationException naming
        // the field (it was a bare JsonException, which `catch (FaspayException)` misses).
        $latin1 = bill('PHP-4');
        $latin1['cust_name'] = "Jos\xe9";
        throws(ValidationException::class, 'INVALID_UTF8', fn () => $client->createTransaction($latin1), 'cust_name');
        $latin1 = bill('PHP-4');
        $latin1['item'][0]['product'] = "Caf\xe9";
        throws(ValidationException::class, 'INVALID_UTF8', fn () => $client->prepareCreateTransaction($latin1), 'item[0].product');
        $nan = bill('PHP-4');
        $nan['item'][0]['amount'] = NAN;
        throws(ValidationException::class, 'INVALID_ARGUMENT', fn () => $client->createTransaction($nan), 'item[0].amount');
        $e = throws(ValidationException::class, 'INVALID_UTF8', fn () => new Client(['password' => "p\xe4ss"] + $sandbox->clientConfig()), 'password');
        check(!str_contains($e->getMessage(), "p\xe4ss"), 'the password is not in the message');
        // A missing setting is named (the first one missing, in the constructor's documented order).
        throws(ValidationException::class, 'INVALID_ARGUMENT', fn () => new Client(['merchant_id' => '1']), 'merchant_name');
        throws(ValidationException::class, 'INVALID_ARGUMENT', fn () => $sandbox->client(['max_idle_connections' => 5000]), 'max_idle_connections');
        throws(ValidationException::class, 'INVALID_ARGUMENT', fn () => $sandbox->client(['dns_cache_ttl' => 3601]), 'dns_cache_ttl');
        same(0, $sandbox->requestCount('create_transaction'));
    },

    'keep-alive: connections the sandbox accepted, per pool setting' => static function (): void {
        $sandbox = new Sandbox();
        // PHP's http:// stream opens one connection per question: not counted.
        $accepted = fn (): int => json_decode(file_get_contents($sandbox->baseUrl() . '/__sandbox/'), true)['connections_accepted'] - 1;
        $created = $sandbox->client()->createTransaction(bill('PHP-KEEP'));
        foreach ([[['max_idle_connections' => 0], 5], [['dns_cache_ttl' => 0], 1], [[], 1]] as [$settings, $expected]) {
            $client = $sandbox->client($settings);
            $before = $accepted();
            for ($i = 0; $i < 5; $i++) {
                $client->paymentStatus($created['trx_id'], 'PHP-KEEP');
            }
            same($expected, $accepted() - $before - 1);
        }
    },

    'path codes (xml_codes, redirect_code) as the sandbox receives them' => static function (): void {
        $sandbox = new Sandbox(['push_delay' => 0]);
        $client = $sandbox->client(['format' => 'xml', 'redirect_code' => 'R42',
            'xml_codes' => ['payment_channels' => 'CH1', 'payment_status' => 'ST2']]);
        $sandbox->clearReceivedRequests();
        $client->paymentChannels();
        $trx = $client->createTransaction(bill('PHP-CODES'))['trx_id'];
        $client->paymentStatus($trx, 'PHP-CODES');
        // Overridden codes replace the segment; create_transaction keeps the sandbox's default.
        same(['/pws/100001/CH1', '/pws/300011/183xx00010100000', '/pws/100004/ST2'],
            array_column($sandbox->receivedRequests(), 'path'));
        $url = $client->redirectUrl($trx, 'PHP-CODES');
        check(str_starts_with($url, $sandbox->baseUrl() . '/pws/100003/R42/'), $url);
        $sandbox->clearReceivedRequests();
        check(file_get_contents($url) !== false, 'payment page');
        same(['/pws/100003/R42/'], array_map(fn (array $r): string => substr($r['path'], 0, 16),
            $sandbox->receivedRequests()));
        throws(ValidationException::class, 'INVALID_ARGUMENT', fn () => $sandbox->client(['xml_codes' => ['ovo_push' => 'X1']]), 'xml_codes');
        throws(ValidationException::class, 'INVALID_ARGUMENT', fn () => $sandbox->client(['redirect_code' => 'a/b']), 'redirect_code');
    },

    'sandbox getters read back what the setters changed' => static function (): void {
        $sandbox = new Sandbox(['push_delay' => 0.25, 'notify_max_retries' => 2, 'notify_retry_delay' => 0.5]);
        same(null, $sandbox->getNotifyUrl());
        same('json', $sandbox->getNotifyFormat());
        same(0.25, $sandbox->getPushDelay());
        same(false, $sandbox->isStrict());
        same(false, $sandbox->isUniqueBillNo());
        $sandbox->setNotifyUrl('http://127.0.0.1:9/notify');
        $sandbox->setNotifyFormat('xml');
        $sandbox->setPushDelay(1.5);
        $sandbox->setNotifyRetries(4, 0.125);
        $sandbox->setStrict(true);
        $sandbox->setUniqueBillNo(true);
        same(['notify_url' => 'http://127.0.0.1:9/notify', 'notify_format' => 'xml', 'push_delay' => 1.5,
            'notify_retry_delay' => 0.125, 'notify_max_retries' => 4, 'return_url' => null,
            'strict' => true, 'unique_bill_no' => true], $sandbox->getSettings());
        same('http://127.0.0.1:9/notify', $sandbox->getNotifyUrl());
        same('xml', $sandbox->getNotifyFormat());
        same(1.5, $sandbox->getPushDelay());
        same(true, $sandbox->isStrict());
        same(true, $sandbox->isUniqueBillNo());
        $sandbox->setNotifyUrl(null);
        same(null, $sandbox->getNotifyUrl());
    },

    'fault modes map to exception classes' => static function (): void {
        $sandbox = new Sandbox(['push_delay' => 0]);
        $client = $sandbox->client(['max_retries' => 0, 'timeout' => 0.5]);
        $cases = [
            [['kind' => 'server_error', 'status' => 503], TransportException::class, 'TRANSPORT'],
            [['kind' => 'reset'], TransportException::class, 'TRANSPORT'],
            [['kind' => 'html_page'], MalformedResponseException::class, 'MALFORMED_RESPONSE'],
            [['kind' => 'truncated'], MalformedResponseException::class, 'MALFORMED_RESPONSE'],
            [['kind' => 'oversized_body'], MalformedResponseException::class, 'MALFORMED_RESPONSE'],
            [['kind' => 'response_error', 'code' => '40', 'desc' => 'Not supported'], ApiException::class, 'API_ERROR'],
            [['kind' => 'latency', 'ms' => 2000], TimeoutException::class, 'TIMEOUT'],
        ];
        foreach ($cases as [$fault, $class, $code]) {
            $sandbox->setFault($fault + ['endpoint' => 'payment_channels', 'times' => 1]);
            $e = throws($class, $code, fn () => $client->paymentChannels());
            if ($code === 'TRANSPORT' && $fault['kind'] === 'server_error') {
                same(503, $e->getHttpStatus());
            }
            $sandbox->clearFaults();
        }
        check($client->paymentChannels()['response_code'] === '00', 'works again');
        throws(ValidationException::class, 'INVALID_ARGUMENT', fn () => $sandbox->setFault(['kind' => 'meteor']), 'kind');
    },

    'notifications: verified, answered, forged ones refused' => static function (): void {
        $sandbox = new Sandbox(['push_delay' => 0, 'notify_format' => 'xml']);
        $client = $sandbox->client();
        // Nobody listens on port 9: the attempt is recorded with its signed body.
        $sandbox->setNotifyUrl('http://127.0.0.1:9/notify');
        $sandbox->setNotifyRetries(0, 0.01);
        $trx = $client->createTransaction(bill('PHP-N1'))['trx_id'];
        $sandbox->approve($trx);
        check($sandbox->waitForDeliveries(1, 60.0), 'delivered');
        $body = $sandbox->deliveries()[0]['request_body'];
        $n = $client->parseNotification($body);
        same('PHP-N1', $n['bill_no']);
        same(2, $n['payment_status_code']);
        same('15000.50', $n['payment_total']);
        same('xml', $n['format']);
        same("99999:PHP-N1:2", $n['dedupe_key']);
        // The status inquiry of the same paid event has the same key: applied once either way.
        $status = $client->paymentStatus($trx, 'PHP-N1');
        same(2, $status['payment_status_code']);
        same($n['dedupe_key'], $status['dedupe_key']);
        // Its paid total against the order's (the core's PaymentStatus::check_total).
        same('15000.50', $status['payment_total']);
        $client->paymentStatusCheckTotal($status, '15000.50');
        throws(ValidationException::class, 'INVALID_ARGUMENT', fn () => $client->paymentStatusCheckTotal($status, 15000), 'payment_total');
        throws(ValidationException::class, 'INVALID_ARGUMENT', fn () => $client->paymentStatusCheckTotal($status, '15.000,50'), 'expected');
        // An answer without a total passes; an array that is no status answer is refused.
        $client->paymentStatusCheckTotal(['payment_total' => null] + $status, 15000);
        throws(ValidationException::class, 'INVALID_ARGUMENT', fn () => $client->paymentStatusCheckTotal(['bill_no' => 'PHP-N1'], 15000), 'status');
        $client->notificationCheckTotal($body, '15000.50');
        throws(ValidationException::class, 'INVALID_ARGUMENT', fn () => $client->notificationCheckTotal($body, 15000), 'payment_total');
        // A float total is read exactly, as amountToWire reads it, never cut to an int: 15000.5
        // is the order's total, 0.1 + 0.2 is no amount, from strict and loose callers alike.
        foreach (['paymentStatusCheckTotal' => $status, 'notificationCheckTotal' => $body] as $method => $answer) {
            $client->$method($answer, 15000.5);
            loosely([$client, $method], $answer, 15000.5);
            throws(ValidationException::class, 'INVALID_ARGUMENT', fn () => $client->$method($answer, 15000.0), 'payment_total');
            // The order's total is the parameter `expected`, whatever is wrong with it.
            $e = throws(ValidationException::class, 'INVALID_ARGUMENT', fn () => $client->$method($answer, 0.1 + 0.2), 'expected');
            check(str_starts_with($e->getMessage(), 'expected: '), $e->getMessage());
            throws(ValidationException::class, 'INVALID_ARGUMENT', fn () => loosely([$client, $method], $answer, 0.1 + 0.2), 'expected');
            throws(ValidationException::class, 'INVALID_ARGUMENT', fn () => $client->$method($answer, "15000\0"), 'expected');
            throws(ValidationException::class, 'INVALID_ARGUMENT', fn () => $client->$method($answer, 'abc'), 'expected');
            throws(ValidationException::class, 'INVALID_ARGUMENT', fn () => loosely([$client, $method], $answer, 15000.9), 'payment_total');
        }
        throws(ValidationException::class, 'INVALID_ARGUMENT', fn () => loosely([$client, 'paymentStatusCheckTotal'], ['payment_total' => '15000'] + $status, 15000.5), 'payment_total');
        $reply = $client->notificationReply($body, true, '2026-12-01 10:00:00');
        check(str_contains($reply, '<response_code>00</response_code>'), $reply);
        check(str_contains($client->notificationReply($body, false), '<response_code>99</response_code>'), 'refusal');
        $forged = str_replace('<payment_status_code>2<', '<payment_status_code>3<', $body);
        check($forged !== $body, 'forged differs');
        throws(SignatureException::class, 'INVALID_SIGNATURE', fn () => $client->parseNotification($forged));
        throws(ValidationException::class, 'INVALID_ARGUMENT', fn () => $client->parseNotification('hello'), 'body');
        $sandbox->reject($client->createTransaction(bill('PHP-N2'))['trx_id']);
        $sandbox->expire($client->createTransaction(bill('PHP-N3'))['trx_id']);
        check($sandbox->waitForDeliveries(3, 60.0), 'three deliveries');
        // Background notifier threads: delivery order is not fixed.
        $codes = array_column($sandbox->deliveries(), 'payment_status_code');
        sort($codes);
        same([2, 3, 7], $codes);
        $sandbox->advanceClock(60.0);
    },

    'independent oracle: signatures computed in PHP' => static function (): void {
        $sandbox = new Sandbox(['push_delay' => 0]);
        $config = $sandbox->clientConfig();
        $client = $sandbox->client();
        $oracle = static fn (string $suffix): string => sha1(md5($config['user_id'] . $config['password'] . $suffix));
        $request = $client->prepareCreateTransaction(bill('PHP-O1'));
        same($oracle('PHP-O1'), json_decode($request['body'], true)['signature']);
        same($oracle(''), json_decode($client->preparePaymentChannels()['body'], true)['signature']);
        $trx = $client->createTransaction(bill('PHP-O1'))['trx_id'];
        parse_str($client->prepareOvoPush($trx, '081234567890')['body'], $form);
        same($oracle($trx), $form['signature']);
        check(str_contains($client->redirectUrl($trx, 'PHP-O1'), '/' . $oracle('PHP-O1') . '?'), 'redirect signature');
        same($oracle('PHP-O1'), Faspay\postDataSignature($config['user_id'], $config['password'], 'PHP-O1'));
        same($oracle('PHP-O12'), Faspay\notificationSignature($config['user_id'], $config['password'], 'PHP-O1', '2'));
        same($oracle('PHP-O12'), Faspay\signMessage('return_url', $config['user_id'], $config['password'], ['PHP-O1', '2']));
        check(Faspay\verify($oracle('x'), strtoupper($oracle('x'))), 'case-insensitive verify');
        check(!Faspay\verify($oracle('x'), $oracle('y')), 'mismatch');
        // The notifications the sandbox sends carry sha1(md5(user . password . bill_no . status)).
        $sandbox->setNotifyUrl('http://127.0.0.1:9/notify');
        $sandbox->setNotifyRetries(0, 0.01);
        $sandbox->approve($trx);
        check($sandbox->waitForDeliveries(1, 60.0), 'delivered');
        $sent = json_decode($sandbox->deliveries()[0]['request_body'], true);
        same($oracle('PHP-O12'), $sent['signature']);
        // A return URL signed by the oracle verifies; a changed status does not.
        $query = http_build_query(['trx_id' => $trx, 'merchant_id' => '99999', 'merchant' => 'Sophia Store',
            'bill_no' => 'PHP-O1', 'status' => '2', 'signature' => $oracle('PHP-O12')]);
        same(2, $client->verifyReturn($query)['status']);
        same('PHP-O1', $client->verifyReturn(['trx_id' => $trx, 'merchant_id' => '99999', 'bill_no' => 'PHP-O1',
            'status' => '2', 'signature' => $oracle('PHP-O12')])['bill_no']);
        throws(SignatureException::class, 'INVALID_SIGNATURE', fn () => $client->verifyReturn(str_replace('status=2', 'status=0', $query)));
        same('Invalid Order', Faspay\responseCodeDescription('14'));
        same(null, Faspay\responseCodeDescription('x7'));
        same('Payment Success', Faspay\paymentStatusDescription(2));
        same('Undefined status', Faspay\paymentStatusDescription(6));
        throws(ValidationException::class, 'INVALID_ARGUMENT', fn () => Faspay\paymentStatusDescription(256), 'code');
        throws(ValidationException::class, 'INVALID_ARGUMENT', fn () => Faspay\paymentStatusDescription(-1), 'code');
        same('1500050', Faspay\amountToWire('15000.50'));
        same('7', Faspay\amountToWire(0.07));
        throws(ValidationException::class, 'INVALID_ARGUMENT', fn () => Faspay\amountToWire(0.1 + 0.2));
    },

    'independent oracle: the requests the sandbox received' => static function (): void {
        $sandbox = new Sandbox(['push_delay' => 0]);
        $config = $sandbox->clientConfig();
        $client = $sandbox->client();
        $oracle = static fn (string $suffix): string => sha1(md5($config['user_id'] . $config['password'] . $suffix));
        $client->paymentChannels();
        $trx = $client->createTransaction(bill('PHP-R1'))['trx_id'];
        $client->ovoPush($trx, '081234567890');
        $client->paymentStatus($trx, 'PHP-R1');
        $other = $client->createTransaction(bill('PHP-R2'))['trx_id'];
        $client->cancelTransaction($other, 'PHP-R2', 'changed mind');
        $received = $sandbox->receivedRequests();
        same(6, count($received));
        $checked = [];
        foreach ($received as $request) {
            same(200, $request['response_status']);
            same(base64_decode($request['body_base64']), $request['body']);
            if ($request['path'] === '/pws/ovo_direct') {
                parse_str($request['body'], $fields);
                $expected = $oracle($fields['trx_id']);
            } else {
                $fields = json_decode($request['body'], true, 16, JSON_THROW_ON_ERROR);
                $expected = $oracle($fields['bill_no'] ?? '');
            }
            same($expected, $fields['signature'], $request['path']);
            $checked[] = $request['path'];
        }
        same(['/cvr/100001/10', '/cvr/300011/10', '/pws/ovo_direct', '/cvr/100004/10', '/cvr/300011/10',
            '/cvr/100005/10'], $checked);
        $sandbox->clearReceivedRequests();
        same([], $sandbox->receivedRequests());
    },

    'a failed call keeps the password and freed C objects out of exception traces' => static function (): void {
        // With zend.exception_ignore_args off (php.ini-development), getTrace() carries every
        // frame's arguments, which debug error pages print: the config JSON handed to the
        // library held the password, and the freed faspay_error pointer crashed print_r.
        $ignore = ini_set('zend.exception_ignore_args', '0');
        try {
            // [call, its code, its field]
            $failures = [
                [fn () => new Client(['merchant_id' => '1', 'merchant_name' => 'Shop', 'user_id' => 'bot99999',
                    'password' => 'hunter2-secret']), 'INVALID_ARGUMENT', 'merchant_id'],
                [fn () => new Client(['merchant_id' => '99999', 'merchant_name' => "Caf\xe9", 'user_id' => 'bot99999',
                    'password' => 'hunter2-secret']), 'INVALID_UTF8', 'merchant_name'],
                [fn () => Faspay\sign("bot\0", 'hunter2-secret', 'x'), 'INVALID_ARGUMENT', 'user_id'],
                [fn () => Faspay\sign('bot99999', "hunter2-secret\0", 'x'), 'INVALID_ARGUMENT', 'password'],
                [fn () => Faspay\signMessage('post_data', 'bot99999', 'hunter2-secret', ["x\0"]), 'INVALID_ARGUMENT', 'values'],
            ];
            foreach ($failures as $i => [$failure, $code, $field]) {
                $e = throws(ValidationException::class, $code, $failure, $field);
                $shown = print_r($e->getTrace(), true) . $e->getTraceAsString() . (string) $e;
                check(!str_contains($shown, 'hunter2-secret'), "failure $i shows the password: $shown");
            }
            $sandbox = new Sandbox();
            $e = throws(ApiException::class, 'API_ERROR', fn () => $sandbox->client(['password' => 'hunter2-secret'])
                ->createTransaction(bill('PHP-5')));
            check(!str_contains(print_r($e->getTrace(), true), 'hunter2-secret'), 'api error trace');
        } finally {
            ini_set('zend.exception_ignore_args', (string) $ignore);
        }
    },

    'the password never shows' => static function (): void {
        $client = new Client(['merchant_id' => '99999', 'merchant_name' => 'Shop', 'user_id' => 'bot99999',
            'password' => 'hunter2-secret']);
        ob_start();
        var_dump($client);
        print_r($client);
        echo json_encode($client);
        $shown = (string) ob_get_clean();
        check(!str_contains($shown, 'hunter2-secret'), $shown);
        check(str_contains($shown, 'bot99999'), 'settings are shown');
        // The settings in use, as the library reports them; there is no password getter.
        same('99999', $client->getMerchantId());
        same('Shop', $client->getMerchantName());
        same('bot99999', $client->getUserId());
        same('sandbox', $client->getEnvironment());
        same('https://debit-sandbox.faspay.co.id', $client->getBaseUrl());
        same('json', $client->getFormat());
        check(!method_exists($client, 'getPassword'), 'no password getter');
        $xml = new Client(['merchant_id' => '99999', 'merchant_name' => 'Shop', 'user_id' => 'bot99999',
            'password' => 'hunter2-secret', 'environment' => 'production', 'format' => 'xml',
            'base_url' => 'https://proxy.example/faspay']);
        same('production', $xml->getEnvironment());
        same('https://proxy.example/faspay', $xml->getBaseUrl());
        same('xml', $xml->getFormat());
        // settings(): every setting in force, the core's defaults when not given.
        $settings = $client->settings();
        check(!array_key_exists('password', $settings) && !str_contains(serialize($settings), 'hunter2-secret'),
            'settings() has no password');
        same(['merchant_id', 'merchant_name', 'user_id', 'environment', 'base_url', 'allow_insecure_http',
            'format', 'timeout', 'connect_timeout', 'push_timeout', 'max_retries', 'retry_backoff', 'amount_unit',
            'bill_validity', 'xml_codes', 'redirect_code', 'inquiry_sends_status_fields', 'max_response_bytes',
            'max_inbound_bytes', 'max_idle_connections', 'dns_cache_ttl'], array_keys($settings));
        same([30.0, 10.0, 90.0, 2, 0.2, 'sen', 86400.0], [$settings['timeout'], $settings['connect_timeout'],
            $settings['push_timeout'], $settings['max_retries'], $settings['retry_backoff'], $settings['amount_unit'],
            $settings['bill_validity']]);
        same([true, false, 1048576, 65536, 32, 60.0], [$settings['inquiry_sends_status_fields'],
            $settings['allow_insecure_http'], $settings['max_response_bytes'], $settings['max_inbound_bytes'],
            $settings['max_idle_connections'], $settings['dns_cache_ttl']]);
        same('183xx00010100000', $settings['xml_codes']['payment_status']);
        $custom = (new Client(['merchant_id' => '99999', 'merchant_name' => 'Shop', 'user_id' => 'bot99999',
            'password' => 'hunter2-secret', 'environment' => 'production', 'base_url' => 'https://proxy.example',
            'format' => 'xml', 'timeout' => 12.5, 'connect_timeout' => 2.25, 'push_timeout' => 120,
            'max_retries' => 5, 'retry_backoff' => 0.35, 'amount_unit' => 'rupiah', 'bill_validity' => 7200,
            'inquiry_sends_status_fields' => false, 'max_response_bytes' => 4096, 'max_inbound_bytes' => 2048,
            'allow_insecure_http' => true, 'max_idle_connections' => 0, 'dns_cache_ttl' => 0,
            'xml_codes' => ['payment_status' => '77'], 'redirect_code' => 'abc']))->settings();
        same(['production', 'https://proxy.example', 'xml', 12.5, 2.25, 120.0, 5, 0.35, 'rupiah', 7200.0],
            [$custom['environment'], $custom['base_url'], $custom['format'], $custom['timeout'],
            $custom['connect_timeout'], $custom['push_timeout'], $custom['max_retries'], $custom['retry_backoff'],
            $custom['amount_unit'], $custom['bill_validity']]);
        same([false, true, 4096, 2048, 0, 0.0, 'abc', '77', '383xx00010100000'], [
            $custom['inquiry_sends_status_fields'], $custom['allow_insecure_http'], $custom['max_response_bytes'],
            $custom['max_inbound_bytes'], $custom['max_idle_connections'], $custom['dns_cache_ttl'],
            $custom['redirect_code'], $custom['xml_codes']['payment_status'], $custom['xml_codes']['payment_channels']]);
        try {
            new Client(['merchant_id' => '1', 'merchant_name' => 'S', 'user_id' => 'u', 'password' => 'hunter2-secret']);
        } catch (ValidationException $e) {
            ob_start();
            var_dump($e);
            print_r($e);
            echo $e, json_encode($e);
            $shown = (string) ob_get_clean();
            check(!str_contains($shown, 'hunter2-secret'), 'exception shows the password');
        }
        throws(LogicException::class, null, fn () => serialize($client));
        throws(LogicException::class, null, fn () => unserialize('O:13:"Faspay\\Client":0:{}'));
    },

    'a client or sandbox cannot be copied: its handle would be freed twice' => static function (): void {
        // A clone used to share the C handle: dropping it freed the client, and the original's
        // next call read freed memory (a segfault). PHP now refuses the clone itself.
        $sandbox = new Sandbox(['push_delay' => 0]);
        try {
            $client = $sandbox->client();
            $e = throws(Error::class, null, fn () => clone $client);
            check(str_contains($e->getMessage(), '__clone'), $e->getMessage());
            throws(Error::class, null, fn () => clone $sandbox);
            throws(LogicException::class, null, fn () => serialize($sandbox));
            // Both still work after the refused copies.
            $created = $client->createTransaction(bill('PHP-CLONE-1'));
            same('00', $created['response_code']);
            check(str_starts_with($client->redirectUrl($created['trx_id'], 'PHP-CLONE-1'), $sandbox->baseUrl()), 'redirect');
        } finally {
            $sandbox->stop();
        }
    },

    'bill numbers, sandbox warnings and the logger' => static function (): void {
        $a = Faspay\generateBillNo();
        check(preg_match('/^[1-9][0-9]{15}$/', $a) === 1, "generated $a");
        same(Faspay\GENERATED_BILL_NO_LENGTH, strlen($a));
        $header = (string) file_get_contents(dirname(__DIR__, 3) . '/include/faspay.h');
        check(preg_match('/^#define FASPAY_GENERATED_BILL_NO_LENGTH (\d+)$/m', $header, $m) === 1, 'C define');
        same((int) $m[1], Faspay\GENERATED_BILL_NO_LENGTH);
        check($a !== Faspay\generateBillNo(), 'numbers differ');
        check(str_contains((string) Faspay\billNoPrefixRisk(['1000', '10002']), '10002'), 'pair warned');
        same(null, Faspay\billNoPrefixRisk(['1000', '2000']));
        same(null, Faspay\billNoPrefixRisk([]));

        $sandbox = new Sandbox(['push_delay' => 0]);
        $client = $sandbox->client(['max_retries' => 0]);
        $events = [];
        $client->setLogger(function (array $event) use (&$events): void {
            $events[] = $event;
            throw new RuntimeException('a broken logger changes nothing');
        });
        $client->createTransaction(bill('W-1'));
        $client->createTransaction(bill('W-1'));
        $client->createTransaction(bill('W-12'));
        $sandbox->setFault(['kind' => 'html_page', 'times' => 1]);
        throws(MalformedResponseException::class, 'MALFORMED_RESPONSE', fn () => $client->paymentChannels());
        $attempts = array_values(array_filter($events, fn ($e) => $e['warning'] === null));
        $warnings = array_values(array_filter($events, fn ($e) => $e['warning'] !== null));
        same(4, count($attempts));
        same(['create_transaction', 'POST', 200, 1, null], [$attempts[0]['operation'], $attempts[0]['method'],
            $attempts[0]['http_status'], $attempts[0]['attempt'], $attempts[0]['error_code']]);
        same('MALFORMED_RESPONSE', $attempts[3]['error_code']);
        check(count($warnings) >= 1 && $warnings[0]['attempt'] === 0, 'variable-length numbering warned');
        foreach ($events as $event) {
            check(!str_contains(json_encode($event), 'p@ssw0rd'), 'no password in events');
        }
        $client->setLogger(null);
        $client->paymentChannels();
        same(4 + count($warnings), count($events), 'logging off');
        same(['bill_no_reused'], array_column($sandbox->warnings(), 'kind'));
        $sandbox->clearWarnings();
        same([], $sandbox->warnings());
        $sandbox->setUniqueBillNo(true);
        $e = throws(ApiException::class, 'API_ERROR', fn () => $client->createTransaction(bill('W-1')));
        same('14', $e->getResponseCode());
        $sandbox->setUniqueBillNo(false);
        $sandbox->setStrict(true);
        throws(ApiException::class, 'API_ERROR', fn () => $client->createTransaction(bill('W-1')));
        $sandbox->setStrict(false);
        same('00', $client->createTransaction(bill('W-1'))['response_code']);
    },

    'the C header faspay.h loads too: its __cplusplus blocks and # lines are stripped for cdef' => static function (): void {
        $cHeader = dirname(__DIR__, 3) . '/include/faspay.h';
        $source = (string) file_get_contents($cHeader);
        check(str_contains($source, '#ifdef __cplusplus') && str_contains($source, 'extern "C"'), 'faspay.h has the C++ block');
        $stripped = Faspay\Library::cdefSource($source);
        check(!str_contains($stripped, '__cplusplus') && !str_contains($stripped, 'extern "C"'), 'C++ block stripped');
        check(preg_match('/^\s*#/m', $stripped) === 0, 'no preprocessor line left');
        check(str_contains($stripped, 'const char *faspay_version(void);'), 'declarations kept');
        // A fresh process, because the library is loaded once per path.
        $php = escapeshellarg(PHP_BINARY);
        $script = escapeshellarg('require ' . var_export(__DIR__ . '/bootstrap.php', true)
            . '; echo Faspay\version();');
        $out = (string) shell_exec('FASPAY_HEADER=' . escapeshellarg($cHeader) . " $php -r $script 2>&1");
        same(Faspay\version(), $out);
    },

    'a clear error without a library' => static function (): void {
        $e = throws(LibraryException::class, null, fn () => new Client([], '/nonexistent/libfaspay.so'));
        check(str_contains($e->getMessage(), '/nonexistent/libfaspay.so'), $e->getMessage());
        $php = escapeshellarg(PHP_BINARY);
        $script = escapeshellarg('require ' . var_export(__DIR__ . '/bootstrap.php', true)
            . '; try { new Faspay\Client([]); } catch (Faspay\Exception\LibraryException $e) { echo $e->getMessage(); }');
        $out = (string) shell_exec("env -u FASPAY_LIB $php -r $script");
        check(str_contains($out, 'FASPAY_LIB'), "message: $out");
        // It names this system's file, as the release bundles name it.
        same(PHP_OS_FAMILY === 'Linux' ? 'libfaspay.so' : Faspay\Library::fileName(), Faspay\Library::fileName());
        check(str_contains($out, 'pass the path of ' . Faspay\Library::fileName()), "message: $out");
        // FFI switched off, as under PHP-FPM or php -S by default: the message says how to fix it.
        $script = escapeshellarg('require ' . var_export(__DIR__ . '/bootstrap.php', true)
            . '; try { new Faspay\Client([]); } catch (Faspay\Exception\LibraryException $e) { echo $e->getMessage(); }');
        $out = (string) shell_exec("$php -d ffi.enable=0 -r $script");
        check(str_contains($out, 'set ffi.enable=1'), "message: $out");
    },

    'results read from PHP serialize text are the arrays of the JSON form' => static function (): void {
        // Client asks libfaspay for result_format "php"; a handle made here keeps the JSON form.
        $config = ['merchant_id' => '99999', 'merchant_name' => 'Sophia Store', 'user_id' => 'bot99999',
            'password' => 'p@ssw0rd', 'amount_unit' => 'rupiah'];
        $client = new Client($config);
        $library = Library::load();
        $handle = $library->ffi->new('faspay_client*');
        $library->call('faspay_client_new', [Library::encode((object) $config), FFI::addr($handle)]);
        try {
            $body = '{"response":"Inquiry Payment Status","trx_id":"1","merchant_id":"99999","merchant":"Sophia Store",'
                . '"bill_no":"B1","payment_reff":"R9","payment_date":"2026-12-03 10:00:00","payment_status_code":"2",'
                . '"payment_status_desc":"Sukses \"lunas\"; {ok}","payment_total":"15000.50","response_code":"00",'
                . '"response_desc":"Sukses","extra":{"list":["x","ÿ"],"123":"digits","":"empty"}}';
            $json = $library->json('faspay_client_decode_response', $handle, 'payment_status', 200,
                $library->bytes($body), strlen($body));
            $php = $client->decodeResponse('payment_status', 200, $body);
            same($json, $php, 'decoded answer');
            same(['list' => ['x', 'ÿ'], 123 => 'digits', '' => 'empty'], $php['raw']['extra'], 'raw extra');
            same('15000.50', $php['payment_total']);
            same(2, $php['payment_status_code']);
            same(true, $php['is_paid']);
            same($library->json('faspay_client_prepare_payment_status', $handle, '1', 'B1'),
                $client->preparePaymentStatus('1', 'B1'), 'prepared request');
        } finally {
            $library->ffi->faspay_client_free($handle);
        }
        $bad = $library->ffi->new('faspay_client*');
        throws(ValidationException::class, 'INVALID_ARGUMENT', fn () => $library->call('faspay_client_new',
            [Library::encode((object) ($config + ['result_format' => 'xml'])), FFI::addr($bad)]), 'result_format');
        // In PHP results are always arrays: the key is refused, never silently replaced, and
        // settings() lists the constructor's keys only.
        foreach (['json', 'php'] as $format) {
            throws(ValidationException::class, 'INVALID_ARGUMENT', fn () => new Client($config + ['result_format' => $format]), 'result_format');
        }
        check(!array_key_exists('result_format', $client->settings()), 'settings() without result_format');
    },
];
