<?php
// The PHP binding (FFI over the C ABI) side by side with what a PHP developer writes alone
// (sha1(md5()) + hash_equals + json_encode/json_decode + simplexml): sign, post-data body,
// notification parse + verify (JSON and XML), reply.
//
// Every pair is timed in this one process, rounds interleaved, on the inputs of
// benches/inputs/. Each baseline's output is checked against the binding's (same bytes, or the
// same parsed values) before anything is timed. Prints markdown table rows (see scripts/bench);
// exits 2 when a baseline disagrees, else 0. The library: FASPAY_LIB.
//
//   php benches/php/bench.php [--quick]

declare(strict_types=1);

require __DIR__ . '/../../bindings/php/tests/bootstrap.php';

$inputs = __DIR__ . '/../inputs/';
$config = json_decode(file_get_contents($inputs . 'config.json'), true);
$bill = json_decode(file_get_contents($inputs . 'bill.json'), true);
$notificationJson = file_get_contents($inputs . 'notification.json');
$notificationXml = file_get_contents($inputs . 'notification.xml');
[$user, $password, $merchantId, $replyAt] =
    [$config['user_id'], $config['password'], $config['merchant_id'], $config['reply_at']];

// ---- the PHP-only baselines ---------------------------------------------------------------

function pure_sign(string $user, string $password, string $suffix): string
{
    return sha1(md5($user . $password . $suffix));
}

// Rupiah text with at most 2 decimals -> sen text, without floats.
function to_sen(string|int $rupiah): string
{
    $parts = explode('.', (string) $rupiah, 2);
    $fraction = substr(($parts[1] ?? '') . '00', 0, 2);
    return (string) ((int) $parts[0] * 100 + (int) $fraction);
}

function pure_body_fields(array $bill, string $user, string $password): array
{
    foreach (['bill_gross', 'bill_tax', 'bill_miscfee', 'bill_total'] as $key) {
        if (array_key_exists($key, $bill)) {
            $bill[$key] = to_sen($bill[$key]);
        }
    }
    foreach ($bill['item'] as $i => $item) {
        $bill['item'][$i]['amount'] = to_sen($item['amount']);
    }
    $bill['signature'] = pure_sign($user, $password, $bill['bill_no']);
    return $bill;
}

function pure_body_json(array $bill, string $user, string $password): string
{
    return json_encode(pure_body_fields($bill, $user, $password), JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
}

function xml_text(string $text): string
{
    return htmlspecialchars($text, ENT_XML1 | ENT_QUOTES, 'UTF-8');
}

function pure_body_xml(array $bill, string $user, string $password): string
{
    $out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<faspay>\n";
    foreach (pure_body_fields($bill, $user, $password) as $key => $value) {
        if ($key === 'item') {
            foreach ($value as $item) {
                $out .= "  <item>\n";
                foreach ($item as $k => $v) {
                    $out .= "    <$k>" . xml_text((string) $v) . "</$k>\n";
                }
                $out .= "  </item>\n";
            }
        } else {
            $out .= "  <$key>" . xml_text((string) $value) . "</$key>\n";
        }
    }
    return $out . "</faspay>\n";
}

function verified(array $f, string $user, string $password, string $merchantId): array
{
    $expected = pure_sign($user, $password, $f['bill_no'] . $f['payment_status_code']);
    if (!hash_equals($expected, strtolower(trim((string) $f['signature'])))) {
        throw new RuntimeException('signature');
    }
    if ($f['merchant_id'] !== $merchantId) {
        throw new RuntimeException('merchant_id');
    }
    $sen = (int) $f['payment_total'];
    $rupiah = intdiv($sen, 100) . ($sen % 100 ? '.' . rtrim(sprintf('%02d', $sen % 100), '0') : '');
    return [$f['bill_no'], (int) $f['payment_status_code'], $rupiah];
}

function pure_parse_json(string $body, string $user, string $password, string $merchantId): array
{
    return verified(json_decode($body, true, 16, JSON_THROW_ON_ERROR), $user, $password, $merchantId);
}

function pure_parse_xml(string $body, string $user, string $password, string $merchantId): array
{
    $xml = simplexml_load_string($body, SimpleXMLElement::class, LIBXML_NONET);
    if ($xml === false) {
        throw new RuntimeException('xml');
    }
    $fields = [];
    foreach ($xml->children() as $name => $child) {
        $fields[$name] = (string) $child;
    }
    return verified($fields, $user, $password, $merchantId);
}

function pure_reply_json(array $f, string $at): string
{
    return json_encode([
        'response' => 'Payment Notification',
        'trx_id' => $f['trx_id'],
        'merchant_id' => $f['merchant_id'],
        'merchant' => $f['merchant'],
        'bill_no' => $f['bill_no'],
        'response_code' => '00',
        'response_desc' => 'Success',
        'response_date' => $at,
    ], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
}

function pure_reply_xml(array $f, string $at): string
{
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<faspay>\n"
        . "  <response>Payment Notification</response>\n"
        . '  <trx_id>' . xml_text($f['trx_id']) . "</trx_id>\n"
        . '  <merchant_id>' . xml_text($f['merchant_id']) . "</merchant_id>\n"
        . '  <bill_no>' . xml_text($f['bill_no']) . "</bill_no>\n"
        . "  <response_code>00</response_code>\n"
        . "  <response_desc>Success</response_desc>\n"
        . "  <response_date>$at</response_date>\n"
        . "</faspay>\n";
}

// ---- the harness --------------------------------------------------------------------------

/** CPU ns per call (this process's user+system time: other processes' time is not counted). */
function per_op_ns(callable $fn, int $iterations): float
{
    $cpu = static function (): float {
        $u = getrusage();
        return ($u['ru_utime.tv_sec'] + $u['ru_stime.tv_sec']) * 1e9
            + ($u['ru_utime.tv_usec'] + $u['ru_stime.tv_usec']) * 1e3;
    };
    $start = $cpu();
    for ($i = 0; $i < $iterations; $i++) {
        $fn();
    }
    return ($cpu() - $start) / $iterations;
}

function fmt_time(float $ns): string
{
    return $ns >= 1000
        ? sprintf('%.2f µs (%s k/s)', $ns / 1000, number_format(1e6 / $ns))
        : sprintf('%.0f ns (%.2f M/s)', $ns, 1e3 / $ns);
}

function row(array $cells): void
{
    echo '| ' . implode(' | ', $cells) . " |\n";
}

function must_equal(string $what, mixed $ours, mixed $theirs): void
{
    if ($ours !== $theirs) {
        fwrite(STDERR, "baseline disagrees with the binding on $what:\n  binding:  "
            . var_export($ours, true) . "\n  baseline: " . var_export($theirs, true) . "\n");
        exit(2);
    }
}

$quick = in_array('--quick', $argv, true);
[$roundMs, $rounds] = $quick ? [5, 3] : [100, 11];
$verdict = static fn (bool $holds): string => $quick ? 'not checked (--quick)' : ($holds ? 'held' : 'MISSED');

$settings = ['merchant_id' => $merchantId, 'merchant_name' => $config['merchant_name'],
    'user_id' => $user, 'password' => $password];
$json = new Faspay\Client($settings);
$xml = new Faspay\Client($settings + ['format' => 'xml']);

$billNo = $bill['bill_no'];
must_equal('sign', Faspay\sign($user, $password, $billNo), pure_sign($user, $password, $billNo));
must_equal('JSON body', $json->prepareCreateTransaction($bill)['body'], pure_body_json($bill, $user, $password));
must_equal('XML body', $xml->prepareCreateTransaction($bill)['body'], pure_body_xml($bill, $user, $password));
$sdkParse = static function (string $body) use ($json): array {
    $n = $json->parseNotification($body); // what a handler reads: which bill, paid?, how much
    return [$n['bill_no'], (int) $n['payment_status_code'], $n['payment_total']];
};
must_equal('JSON notification', $sdkParse($notificationJson), pure_parse_json($notificationJson, $user, $password, $merchantId));
must_equal('XML notification', $sdkParse($notificationXml), pure_parse_xml($notificationXml, $user, $password, $merchantId));
$fields = json_decode($notificationJson, true);
must_equal('JSON reply', $json->notificationReply($notificationJson, true, $replyAt), pure_reply_json($fields, $replyAt));
must_equal('XML reply', $json->notificationReply($notificationXml, true, $replyAt), pure_reply_xml($fields, $replyAt));

$cases = [
    ['sign', static fn () => Faspay\sign($user, $password, $billNo),
        static fn () => pure_sign($user, $password, $billNo), 'sha1(md5())', null],
    ['post-data body JSON (binding validates; baseline does not)', static fn () => $json->prepareCreateTransaction($bill)['body'],
        static fn () => pure_body_json($bill, $user, $password), 'json_encode', null],
    ['post-data body XML', static fn () => $xml->prepareCreateTransaction($bill)['body'],
        static fn () => pure_body_xml($bill, $user, $password), 'string building', null],
    ['notification parse+verify JSON', static fn () => $sdkParse($notificationJson),
        static fn () => pure_parse_json($notificationJson, $user, $password, $merchantId), 'json_decode + hash_equals', null],
    ['notification parse+verify XML', static fn () => $sdkParse($notificationXml),
        static fn () => pure_parse_xml($notificationXml, $user, $password, $merchantId), 'simplexml + hash_equals', null],
    // The binding's reply verifies the body again (its API takes the body): parse + reply.
    ['notification reply JSON (binding re-verifies)', static fn () => $json->notificationReply($notificationJson, true, $replyAt),
        static fn () => pure_reply_json($fields, $replyAt), 'json_encode', null],
    ['notification reply XML (binding re-verifies)', static fn () => $json->notificationReply($notificationXml, true, $replyAt),
        static fn () => pure_reply_xml($fields, $replyAt), 'string building', null],
];
foreach ($cases as [$name, $sdk, $pure, $baseline, $minSpeedup]) {
    $slowest = max(per_op_ns($sdk, 100), per_op_ns($pure, 100));
    $iterations = max((int) ($roundMs * 1e6 / max($slowest, 1.0)), 10);
    $sdkTimes = $pureTimes = [];
    for ($r = 0; $r < $rounds; $r++) {
        $sdkTimes[] = per_op_ns($sdk, $iterations);
        $pureTimes[] = per_op_ns($pure, $iterations);
    }
    sort($sdkTimes);
    sort($pureTimes);
    $s = $sdkTimes[intdiv($rounds, 2)];
    $p = $pureTimes[intdiv($rounds, 2)];
    row(['PHP', $name, fmt_time($s), $baseline, fmt_time($p), sprintf('%.2fx', $p / $s),
        $minSpeedup === null ? 'report' : "≥ {$minSpeedup}x",
        $minSpeedup === null ? '-' : $verdict($p / $s >= $minSpeedup)]);
}
