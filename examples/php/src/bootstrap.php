<?php

declare(strict_types=1);

// The shop's plumbing: the Faspay package, the client, and the SQLite database (PDO).
// Configuration comes from the environment:
//   FASPAY_LIB     path of libfaspay.so (scripts/install-c installs it)
//   FASPAY_CONFIG  the client config as JSON: merchant_id, merchant_name, user_id, password, ...
//   SHOP_DB        the SQLite file (default: var/shop.sqlite next to this example)

$vendor = __DIR__ . '/../vendor/autoload.php';
if (is_file($vendor)) {
    require $vendor; // composer require faspay/faspay
} else {
    // This repository: load bindings/php the way Composer's PSR-4 autoloader would.
    spl_autoload_register(static function (string $class): void {
        $file = __DIR__ . '/../../../bindings/php/src/' . str_replace('\\', '/', substr($class, 7)) . '.php';
        if (str_starts_with($class, 'Faspay\\') && is_file($file)) {
            require $file;
        }
    });
    require __DIR__ . '/../../../bindings/php/src/functions.php';
}

function shop_client(): Faspay\Client
{
    static $client = null;
    $config = json_decode((string) getenv('FASPAY_CONFIG'), true, 16, JSON_THROW_ON_ERROR);
    return $client ??= new Faspay\Client($config);
}

function shop_db(): PDO
{
    static $db = null;
    if ($db === null) {
        $path = getenv('SHOP_DB') ?: __DIR__ . '/../var/shop.sqlite';
        $db = new PDO('sqlite:' . $path, null, null, [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
        $db->exec('PRAGMA busy_timeout = 5000');
        $db->exec('CREATE TABLE IF NOT EXISTS orders (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            bill_no TEXT UNIQUE,
            total TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT \'pending\',
            trx_id TEXT
        )');
        // One row per applied event: the primary key makes each event apply once.
        $db->exec('CREATE TABLE IF NOT EXISTS payment_events (
            dedupe_key TEXT PRIMARY KEY,
            order_id INTEGER NOT NULL,
            payment_status_code INTEGER NOT NULL
        )');
    }
    return $db;
}

/**
 * The order's new status after a Faspay payment status (null: no change). Only a pending order
 * moves to a final status: a late "failed" after "paid" changes nothing. The one change after
 * "paid" is a reversal (4): Faspay took the payment back, so the order is no longer paid.
 */
function shop_status_for(int $paymentStatusCode, string $current): ?string
{
    if ($paymentStatusCode === 4) {
        return $current === 'paid' ? 'reversed' : null;
    }
    if ($current !== 'pending') {
        return null;
    }
    return [2 => 'paid', 3 => 'failed', 7 => 'expired', 8 => 'cancelled'][$paymentStatusCode] ?? null;
}

function h(string $text): string
{
    return htmlspecialchars($text, ENT_QUOTES | ENT_HTML5, 'UTF-8');
}
