<?php

declare(strict_types=1);

// The legacy PHP example end to end: the shop served by `php -S` on loopback, the embedded
// sandbox as Faspay delivering real notifications to notify.php (a paid one, applied once even
// when delivered twice, and a forged one from an impostor that must be refused), the return
// page not trusting the query string, a late failure ignored and a reversal applied. Prints
// "N passed, N failed".

require __DIR__ . '/../src/bootstrap.php';

use Faspay\Testing\Sandbox;

$passed = 0;
$failed = 0;
function expect(bool $condition, string $what): void
{
    global $passed, $failed;
    if ($condition) {
        $passed++;
    } else {
        $failed++;
        fwrite(STDERR, "FAIL: $what\n");
    }
}

/** @return array{0: int, 1: string} status and body */
function http(string $method, string $url, string $body = '', string $type = 'application/x-www-form-urlencoded'): array
{
    $context = stream_context_create(['http' => [
        'method' => $method, 'content' => $body, 'ignore_errors' => true, 'timeout' => 60,
        'header' => "Content-Type: $type\r\n",
    ]]);
    $response = (string) @file_get_contents($url, false, $context);
    $status = isset($http_response_header[0]) ? (int) explode(' ', $http_response_header[0])[1] : 0;
    return [$status, $response];
}

function free_port(): int
{
    $server = stream_socket_server('tcp://127.0.0.1:0');
    $port = (int) substr(strrchr(stream_socket_get_name($server, false), ':'), 1);
    fclose($server);
    return $port;
}

$sandbox = new Sandbox(['push_delay' => 0, 'notify_retry_delay' => 0.05, 'notify_max_retries' => 1]);
$config = $sandbox->clientConfig();
$db = tempnam(sys_get_temp_dir(), 'shop') . '.sqlite';
$port = free_port();
$base = "http://127.0.0.1:$port";
$env = array_merge(getenv(), ['FASPAY_CONFIG' => json_encode($config), 'SHOP_DB' => $db]);
// FFI is on for the CLI only by default (ffi.enable=preload); the built-in server needs it on.
$server = proc_open(
    [PHP_BINARY, '-d', 'ffi.enable=1', '-S', "127.0.0.1:$port", '-t', dirname(__DIR__) . '/public'],
    [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']],
    $pipes,
    null,
    $env,
);
try {
    $deadline = microtime(true) + 30;
    while (@fsockopen('127.0.0.1', $port) === false && microtime(true) < $deadline) {
        usleep(50000);
    }
    putenv('FASPAY_CONFIG=' . json_encode($config));
    putenv("SHOP_DB=$db");
    $sandbox->setNotifyUrl("$base/notify.php");

    // Checkout: the page carries the OVO push form; the order has Faspay's trx_id.
    [$status, $page] = http('GET', "$base/index.php");
    expect($status === 200 && str_contains($page, 'Pay with OVO'), 'checkout form');
    [$status, $page] = http('POST', "$base/index.php", http_build_query(['name' => 'Budi', 'phone' => '081234567890']));
    expect($status === 200 && str_contains($page, '<form'), "push form page ($status)");
    $orders = shop_db()->query('SELECT * FROM orders ORDER BY id')->fetchAll(PDO::FETCH_ASSOC);
    expect(count($orders) === 1 && $orders[0]['trx_id'] !== null, 'order recorded with trx_id');
    $order = $orders[0];

    // The customer's browser posts the push; the simulated customer approves; Faspay notifies.
    $sandbox->client()->ovoPush($order['trx_id'], '081234567890');
    expect($sandbox->waitForDeliveries(1, 60.0), 'notification delivered');
    $delivery = $sandbox->deliveries()[0];
    expect($delivery['accepted'] === true && $delivery['http_status'] === 200, 'notification accepted: ' . json_encode($delivery));
    $status = shop_db()->query("SELECT status FROM orders WHERE id = {$order['id']}")->fetchColumn();
    expect($status === 'paid', "order paid ($status)");

    // The same notification again: answered 00, applied once.
    [$code, $reply] = http('POST', "$base/notify.php", $delivery['request_body'], 'application/json');
    expect($code === 200 && json_decode($reply, true)['response_code'] === '00', "duplicate answered 00: $reply");
    $events = (int) shop_db()->query('SELECT COUNT(*) FROM payment_events')->fetchColumn();
    expect($events === 1, "applied once ($events events)");

    // A second order stays pending; an impostor (right ids, wrong password) notifies "paid".
    http('POST', "$base/index.php", http_build_query(['name' => 'Sari', 'phone' => '081234567999']));
    $second = shop_db()->query('SELECT * FROM orders WHERE id = 2')->fetch(PDO::FETCH_ASSOC);
    $impostor = new Sandbox(['password' => 'not-the-password', 'push_delay' => 0, 'notify_max_retries' => 0]);
    $forger = $impostor->client();
    $forged = $forger->createTransaction([
        'bill_no' => $second['bill_no'], 'bill_desc' => 'Kopi', 'bill_total' => '15000',
        'payment_channel' => '812', 'cust_no' => '2', 'cust_name' => 'Sari', 'billing_name' => 'Sari',
        'msisdn' => '081234567999', 'email' => 'x@example.com',
        'item' => [['product' => 'Kopi', 'qty' => '1', 'amount' => '15000']],
    ]);
    $impostor->setNotifyUrl("$base/notify.php");
    $impostor->approve($forged['trx_id']);
    expect($impostor->waitForDeliveries(1, 60.0), 'forged notification sent');
    $refused = $impostor->deliveries()[0];
    expect($refused['accepted'] === false && $refused['http_status'] === 400, 'forged notification refused: ' . json_encode($refused));
    $status = shop_db()->query('SELECT status FROM orders WHERE id = 2')->fetchColumn();
    expect($status === 'pending', "forged notification changed nothing ($status)");
    $impostor->stop();

    // The return page: a validly signed "paid" claim for the unpaid order is not believed.
    $claim = static fn (array $o, string $claimed, string $signature) => http_build_query([
        'trx_id' => $o['trx_id'], 'merchant_id' => $config['merchant_id'], 'bill_no' => $o['bill_no'],
        'status' => $claimed, 'signature' => $signature,
    ]);
    // Signed apart from the library: sha1(md5(user_id . password . bill_no . status)).
    $sign = static fn (array $o, string $claimed) => sha1(md5($config['user_id'] . $config['password'] . $o['bill_no'] . $claimed));
    [$code, $page] = http('GET', "$base/return.php?" . $claim($second, '2', $sign($second, '2')));
    expect($code === 200 && str_contains($page, 'waiting for Faspay'), "return page trusts the database: $page");
    [$code, $page] = http('GET', "$base/return.php?" . $claim($order, '2', $sign($order, '2')));
    expect($code === 200 && str_contains($page, 'payment received'), "paid order: $page");
    [$code, $page] = http('GET', "$base/return.php?" . $claim($second, '2', $sign($second, '0')));
    expect($code === 400, "a bad signature is refused ($code)");

    // A late "failed" for the paid order, validly signed: answered 00, the order stays paid.
    $late = json_decode($delivery['request_body'], true);
    $late['payment_status_code'] = '3';
    $late['payment_total'] = '0';
    $late['signature'] = sha1(md5($config['user_id'] . $config['password'] . $order['bill_no'] . '3'));
    [$code, $reply] = http('POST', "$base/notify.php", json_encode($late), 'application/json');
    expect($code === 200 && json_decode($reply, true)['response_code'] === '00', "late failure answered 00: $reply");
    $status = shop_db()->query("SELECT status FROM orders WHERE id = {$order['id']}")->fetchColumn();
    expect($status === 'paid', "a late failure does not unpay the order ($status)");

    // Faspay takes the payment back (reversal, 4): the order is no longer paid.
    $sandbox->reverse($order['trx_id']);
    expect($sandbox->waitForDeliveries(2, 60.0), 'reversal delivered');
    $status = shop_db()->query("SELECT status FROM orders WHERE id = {$order['id']}")->fetchColumn();
    expect($status === 'reversed', "a reversal unpays the order ($status)");
    [$code, $page] = http('GET', "$base/return.php?" . $claim($order, '2', $sign($order, '2')));
    expect($code === 200 && !str_contains($page, 'payment received'), "reversed order: $page");

    // A bill the SDK refuses before sending (no OVO number) answers 400 and leaves no order.
    [$code, $page] = http('POST', "$base/index.php", http_build_query(['name' => 'Eko', 'phone' => 'not a number']));
    expect($code === 400 && str_contains($page, 'msisdn'), "refused checkout ($code): $page");
    $count = (int) shop_db()->query('SELECT COUNT(*) FROM orders')->fetchColumn();
    expect($count === 2, "no order left by a refused checkout ($count orders)");
} finally {
    proc_terminate($server);
    proc_close($server);
    $sandbox->stop();
    @unlink($db);
}

echo "$passed passed, $failed failed\n";
exit($failed === 0 ? 0 : 1);
