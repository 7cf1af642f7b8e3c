<?php

declare(strict_types=1);

// Smoke test of the PHP package from the C/PHP release bundle: loaded without Composer through
// its autoload.php, libfaspay found through FASPAY_LIB. One OVO checkout against the embedded
// sandbox (create, push, the notification the sandbox sent verified, status paid) and the
// version. Usage: php smoke.php PATH/TO/autoload.php EXPECTED_VERSION (run by scripts/test-release).

require $argv[1];

$checks = 0;
$failed = 0;
function check(bool $ok, string $what): void
{
    global $checks, $failed;
    $checks++;
    if (!$ok) {
        $failed++;
        fwrite(STDERR, "CHECK failed: $what\n");
    }
}

check(getenv('FASPAY_LIB') !== false, 'FASPAY_LIB is set');
check(Faspay\version() === $argv[2], 'version ' . Faspay\version());
// No merchant endpoint listens on port 9: the sandbox records the signed body it sent.
$sandbox = new Faspay\Testing\Sandbox(
    ['push_delay' => 0, 'notify_url' => 'http://127.0.0.1:9/n', 'notify_max_retries' => 0]
);
$client = new Faspay\Client($sandbox->clientConfig());
$created = $client->createTransaction([
    'bill_no' => 'REL-PHP-1', 'bill_desc' => 'Kopi', 'bill_total' => 15000,
    'payment_channel' => '812', 'cust_no' => '42', 'cust_name' => 'Budi', 'billing_name' => 'Budi',
    'msisdn' => '081234567890', 'email' => 'budi@example.com',
    'item' => [['product' => 'Kopi', 'qty' => '1', 'amount' => 15000]],
]);
check($created['response_code'] === '00', 'created');
$client->ovoPush($created['trx_id'], '081234567890');
check($sandbox->waitForDeliveries(1, 60.0), 'a notification was sent');
$body = $sandbox->deliveries()[0]['request_body'] ?? '';
$notification = $client->parseNotification($body);
check($notification['bill_no'] === 'REL-PHP-1', 'notification bill_no');
check($notification['is_paid'] === true, 'notification says paid');
check(str_contains($client->notificationReply($body, true), '"response_code":"00"'), 'reply 00');
$status = $client->paymentStatus($created['trx_id'], 'REL-PHP-1');
check($status['is_paid'] === true && $status['payment_total'] === '15000', 'status paid 15000');
$sandbox->stop();

echo "php bundle smoke: $checks checks, $failed failed\n";
exit($failed === 0 ? 0 : 1);
