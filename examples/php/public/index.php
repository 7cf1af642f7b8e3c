<?php

declare(strict_types=1);

// Checkout: GET shows the order form; POST records the order, creates the Faspay bill and
// answers with the page whose form makes the customer's browser send the OVO push.
require __DIR__ . '/../src/bootstrap.php';

const PRICE = '15000';

if ($_SERVER['REQUEST_METHOD'] !== 'POST') {
    header('Content-Type: text/html; charset=UTF-8');
    echo '<!doctype html><title>Kopi shop</title><form method="post">',
        '<p>One Kopi: Rp ', h(PRICE), '</p>',
        '<label>Name <input name="name" required></label> ',
        '<label>OVO number <input name="phone" required></label> ',
        '<button>Pay with OVO</button></form>';
    exit;
}

$name = trim((string) ($_POST['name'] ?? ''));
$phone = trim((string) ($_POST['phone'] ?? ''));
$db = shop_db();
$db->prepare('INSERT INTO orders (total) VALUES (?)')->execute([PRICE]);
$orderId = (int) $db->lastInsertId();
// Bill numbers of one fixed length (see the README's notification advice).
$billNo = 'KOPI' . str_pad((string) $orderId, 10, '0', STR_PAD_LEFT);
$db->prepare('UPDATE orders SET bill_no = ? WHERE id = ?')->execute([$billNo, $orderId]);

$client = shop_client();
try {
    $created = $client->createTransaction([
        'bill_no' => $billNo, 'bill_desc' => 'Kopi', 'bill_total' => PRICE,
        'payment_channel' => '812', 'cust_no' => (string) $orderId, 'cust_name' => $name,
        'billing_name' => $name, 'msisdn' => $phone, 'email' => 'customer@example.com',
        'item' => [['product' => 'Kopi', 'qty' => '1', 'amount' => PRICE]],
    ]);
} catch (Faspay\Exception\ValidationException $e) {
    // Refused before anything was sent (an OVO number that is none, ...): no order is left.
    $db->prepare('DELETE FROM orders WHERE id = ?')->execute([$orderId]);
    http_response_code(400);
    echo 'Please check ', h((string) $e->getField()), ': ', h($e->getMessage());
    exit;
} catch (Faspay\Exception\FaspayException $e) {
    // With getRequestSent() the bill may exist at Faspay, but its trx_id never reached us: no
    // status inquiry can find it and no customer can pay it, so it expires unpaid. Trying
    // again is a new order, with a new bill_no.
    http_response_code(502);
    echo 'Faspay is not available right now (', h($e->getFaspayCode()), '); please try again.';
    exit;
}
$db->prepare('UPDATE orders SET trx_id = ? WHERE id = ?')->execute([$created['trx_id'], $orderId]);

header('Content-Type: text/html; charset=UTF-8');
echo $client->ovoPushForm($created['trx_id'], $phone);
