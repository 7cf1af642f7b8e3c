<?php

declare(strict_types=1);

// Where Faspay sends the customer back. The signed query only says which order this is; its
// status is the browser's claim, so the page shows what the notification recorded.
require __DIR__ . '/../src/bootstrap.php';

header('Content-Type: text/html; charset=UTF-8');
try {
    $return = shop_client()->verifyReturn((string) ($_SERVER['QUERY_STRING'] ?? ''));
} catch (Faspay\Exception\FaspayException $e) {
    http_response_code(400);
    echo '<!doctype html><p>This link is not valid.</p>';
    exit;
}
$find = shop_db()->prepare('SELECT status FROM orders WHERE bill_no = ? AND trx_id = ?');
$find->execute([$return['bill_no'], $return['trx_id']]);
$status = $find->fetchColumn();
echo '<!doctype html><title>Your order</title><p>Order ', h($return['bill_no']), ': ',
    match ($status) {
        'paid' => 'payment received, thank you!',
        false => 'unknown order.',
        'pending' => 'we are waiting for Faspay to confirm your payment.',
        default => 'not paid (' . h((string) $status) . ').',
    }, '</p>';
