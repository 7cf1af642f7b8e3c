<?php

declare(strict_types=1);

// Faspay's payment notification: verify the raw body, apply each event once, answer with the
// exact reply bytes and content type. A body that does not verify is refused (HTTP 400).
require __DIR__ . '/../src/bootstrap.php';

$body = (string) file_get_contents('php://input');
$client = shop_client();
try {
    $notification = $client->parseNotification($body);
} catch (Faspay\Exception\FaspayException $e) {
    error_log('faspay notification refused: ' . $e->getFaspayCode() . ' ' . $e->getMessage());
    http_response_code(400);
    exit;
}

$db = shop_db();
$db->exec('BEGIN IMMEDIATE');
$find = $db->prepare('SELECT id, total, trx_id, status FROM orders WHERE bill_no = ?');
$find->execute([$notification['bill_no']]);
$order = $find->fetch(PDO::FETCH_ASSOC);
// Ours only if the trx_id is the one Faspay gave us for this bill, and a payment must be
// for the order's total (amounts are not covered by Faspay's signature).
$accepted = $order !== false && $order['trx_id'] === $notification['trx_id'];
if ($accepted && $notification['is_paid']) {
    try {
        $client->notificationCheckTotal($body, $order['total']);
    } catch (Faspay\Exception\ValidationException $e) {
        $accepted = false;
    }
}
if ($accepted) {
    $record = $db->prepare('INSERT OR IGNORE INTO payment_events VALUES (?, ?, ?)');
    $record->execute([$notification['dedupe_key'], $order['id'], $notification['payment_status_code']]);
    $status = shop_status_for($notification['payment_status_code'], $order['status']);
    if ($record->rowCount() === 1 && $status !== null) {
        $db->prepare('UPDATE orders SET status = ? WHERE id = ?')->execute([$status, $order['id']]);
    }
}
$db->exec('COMMIT');

header('Content-Type: ' . $notification['reply_content_type']);
echo $client->notificationReply($body, $accepted);
