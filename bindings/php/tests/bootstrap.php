<?php

declare(strict_types=1);

// PSR-4 autoloading of src/ without Composer (what composer.json declares), and the helpers.
spl_autoload_register(static function (string $class): void {
    if (str_starts_with($class, 'Faspay\\')) {
        $file = dirname(__DIR__) . '/src/' . str_replace('\\', '/', substr($class, 7)) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});
require dirname(__DIR__) . '/src/functions.php';
require __DIR__ . '/loose.php';

final class AssertionFailed extends Exception
{
}

function check(bool $condition, string $what): void
{
    if (!$condition) {
        throw new AssertionFailed($what);
    }
}

function same(mixed $expected, mixed $actual, string $what = ''): void
{
    if ($expected !== $actual) {
        throw new AssertionFailed(($what ? "$what: " : '') . 'expected ' . var_export($expected, true)
            . ', got ' . var_export($actual, true));
    }
}

/** Runs $call and returns the exception it must throw (of $class, with $code and $field). */
function throws(string $class, ?string $code, callable $call, ?string $field = null): Throwable
{
    try {
        $call();
    } catch (Throwable $e) {
        check($e instanceof $class, "expected $class, got " . get_class($e) . ': ' . $e->getMessage());
        if ($code !== null) {
            same($code, $e->getFaspayCode(), 'faspay code');
        }
        if ($field !== null) {
            same($field, $e->getField(), 'field');
        }
        return $e;
    }
    throw new AssertionFailed("expected $class, nothing was thrown");
}

/** A bill for the sandbox (OVO, 812). */
function bill(string $billNo, string|int $total = '15000.50'): array
{
    return [
        'bill_no' => $billNo, 'bill_desc' => 'Kopi', 'bill_total' => $total,
        'payment_channel' => '812', 'cust_no' => '42', 'cust_name' => 'Budi', 'billing_name' => 'Budi',
        'msisdn' => '081234567890', 'email' => 'budi@example.com',
        'item' => [['product' => 'Kopi', 'qty' => '1', 'amount' => $total]],
    ];
}
