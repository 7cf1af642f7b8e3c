<?php
// Loopback HTTP: the PHP binding's Client (FFI over the C ABI) against what a PHP developer
// writes alone (one reused curl handle, so keep-alive, sending a sha1(md5()) signed json_encode
// body), the same bytes checked first, against a sandbox in a separate PHP process so that the
// CPU per call is the client's own. Sequential calls only: PHP runs one request per process,
// so concurrency there is more processes, each the sequential case.
//
// Prints req/s, p50, p99, client and sandbox CPU per call and the connections the sandbox
// accepted, the machine's own floor beside the p99 / p50 row (FASPAY_HTTP_FLOOR, the program of
// benches/http/floor.rs, run just before the sequential rounds), then the targets (at least
// curl's throughput; p99 at most 3x p50). Exits 1 on a
// miss (never with --quick), 2 when the two sides would not send the same bytes. --rows: the
// report on stderr, markdown table rows (scripts/bench's columns) on stdout. The library:
// FASPAY_LIB. Needs PHP's curl extension (php-curl).
//
//   php benches/http/bench_http.php [--quick] [--rows]

declare(strict_types=1);

require __DIR__ . '/../../bindings/php/tests/bootstrap.php';

use Faspay\Client;

const USER = 'bot99999';
const PASSWORD = 'p@ssw0rd';
const THROUGHPUT_TARGET = 1.0;
const TAIL_TARGET = 3.0;

$quick = in_array('--quick', $argv, true);
$rows = in_array('--rows', $argv, true);
$calls = $quick ? 200 : 2000;
$rounds = $quick ? 1 : 3;
$say = static function (string $text) use ($rows): void {
    fwrite($rows ? STDERR : STDOUT, $text . "\n");
};
$tableRow = static function (string ...$cells) use ($rows): void {
    if ($rows) {
        echo '| HTTP PHP | ' . implode(' | ', $cells) . " |\n";
    }
};
$verdict = static fn (bool $ok): string => $quick ? 'not checked (--quick)' : ($ok ? 'held' : 'MISSED');

if (!extension_loaded('curl')) {
    $say('PHP HTTP bench not run: the curl extension is missing (apt-get install php-curl)');
    $tableRow('sequential paymentStatus', 'not run: PHP has no curl extension', 'curl', '-', '-', '-', '-');
    exit(0);
}

/** The inquiry as a PHP developer writes it from Faspay's docs: sha1(md5(user + password + bill_no)). */
function hand_built_status(string $baseUrl, string $trxId, string $billNo): array
{
    $body = json_encode([
        'request' => 'Inquiry Payment Status',
        'trx_id' => $trxId,
        'merchant_id' => '99999',
        'bill_no' => $billNo,
        'payment_status_code' => '',
        'payment_status_desc' => '',
        'signature' => sha1(md5(USER . PASSWORD . $billNo)),
    ], JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR);
    return [$baseUrl . '/cvr/100004/10', $body];
}

function cpu_seconds(): float
{
    $u = getrusage();
    return $u['ru_utime.tv_sec'] + $u['ru_utime.tv_usec'] / 1e6 + $u['ru_stime.tv_sec'] + $u['ru_stime.tv_usec'] / 1e6;
}

/**
 * The lowest p50 / p99 this machine gives for the same exchange between two processes
 * (benches/http/floor.rs, built by benches/http/run, path in FASPAY_HTTP_FLOOR); null when the
 * program is not given.
 */
function machine_floor(int $calls, int $rounds): ?array
{
    $program = getenv('FASPAY_HTTP_FLOOR');
    if ($program === false || $program === '') {
        return null;
    }
    $out = shell_exec(escapeshellarg($program) . " --calls $calls --rounds $rounds");
    if (!is_string($out)) {
        throw new RuntimeException("$program did not run");
    }
    return json_decode($out, true, 8, JSON_THROW_ON_ERROR);
}

function floor_figures(?array $floor): string
{
    if ($floor === null) {
        return 'not measured (FASPAY_HTTP_FLOOR unset)';
    }
    return sprintf('p99 %.3f ms, p50 %.3f ms, p99/p50 %.2f', $floor['p99_ms'], $floor['p50_ms'], $floor['tail']);
}

// ---- the sandbox, in its own PHP process (stops when its stdin closes) -------------------
$bootstrap = var_export(__DIR__ . '/../../bindings/php/tests/bootstrap.php', true);
$sandboxProcess = proc_open(
    [PHP_BINARY, '-r', "require $bootstrap; \$s = new Faspay\\Testing\\Sandbox(); echo \$s->baseUrl(), \"\\n\"; fgets(STDIN);"],
    [0 => ['pipe', 'r'], 1 => ['pipe', 'w']],
    $pipes,
);
$baseUrl = trim((string) fgets($pipes[1]));
if (!str_starts_with($baseUrl, 'http://')) {
    fwrite(STDERR, "the sandbox did not start\n");
    exit(1);
}
$sandboxPid = proc_get_status($sandboxProcess)['pid'];
$sandboxCpu = static function () use ($sandboxPid): float {
    $stat = (string) file_get_contents("/proc/$sandboxPid/stat");
    $fields = preg_split('/\s+/', trim(substr($stat, strrpos($stat, ')') + 1)));
    return ((int) $fields[11] + (int) $fields[12]) / 100;
};
// Connections accepted so far, not counting the one this question opens.
$connections = static fn (): int => json_decode((string) file_get_contents("$baseUrl/__sandbox/"), true)['connections_accepted'] - 1;

$measure = static function (string $name, callable $call) use ($calls, $sandboxCpu, $connections): array {
    $latencies = [];
    [$opened, $server, $cpu, $wall] = [$connections(), $sandboxCpu(), cpu_seconds(), hrtime(true)];
    for ($i = 0; $i < $calls; $i++) {
        $t0 = hrtime(true);
        $call();
        $latencies[] = (hrtime(true) - $t0) / 1e9;
    }
    $seconds = (hrtime(true) - $wall) / 1e9;
    [$cpu, $server] = [cpu_seconds() - $cpu, $sandboxCpu() - $server];
    $opened = $connections() - $opened - 1;
    sort($latencies);
    return [
        'name' => $name,
        'rate' => $calls / $seconds,
        'p50' => $latencies[intdiv($calls, 2)],
        'p99' => $latencies[min($calls - 1, (int) ($calls * 0.99))],
        'cpu' => $cpu / $calls,
        'server' => $server / $calls,
        'connections' => $opened,
        'calls' => $calls,
    ];
};
// The rounds of the two sides alternate, so that a change in the load of a shared machine
// falls on both rather than on whichever ran second.
$bestOfEach = static function (callable ...$runs) use ($rounds): array {
    $results = array_fill(0, count($runs), []);
    for ($i = 0; $i < $rounds; $i++) {
        foreach ($runs as $side => $run) {
            $results[$side][] = $run();
        }
    }
    return array_map(static function (array $side): array {
        usort($side, static fn (array $a, array $b): int => $b['rate'] <=> $a['rate']);
        $best = $side[0];
        $best['connections'] = array_sum(array_column($side, 'connections'));
        $best['calls'] = array_sum(array_column($side, 'calls'));
        return $best;
    }, $results);
};
$figures = static fn (array $r): string => sprintf(
    '%s req/s, p50 %.3f ms, p99 %.3f ms, %.1f µs CPU/call, %d connections in %d calls',
    number_format($r['rate']), $r['p50'] * 1e3, $r['p99'] * 1e3, $r['cpu'] * 1e6, $r['connections'], $r['calls'],
);
$report = static fn (array $r): string => sprintf(
    '  %-20s %9.0f req/s  p50 %6.3f ms  p99 %6.3f ms  client CPU %6.1f us/call  server CPU %6.1f us/call  connections opened %d in %d calls',
    $r['name'], $r['rate'], $r['p50'] * 1e3, $r['p99'] * 1e3, $r['cpu'] * 1e6, $r['server'] * 1e6, $r['connections'], $r['calls'],
);

$status = 0;
try {
    $client = new Client([
        'merchant_id' => '99999', 'merchant_name' => 'Sophia Store', 'user_id' => USER,
        'password' => PASSWORD, 'base_url' => $baseUrl,
    ]);
    $created = $client->createTransaction([
        'bill_no' => 'BENCH' . time(), 'bill_desc' => 'Benchmark', 'bill_total' => '15000',
        'payment_channel' => '812', 'cust_no' => '42', 'cust_name' => 'Budi', 'billing_name' => 'Budi',
        'msisdn' => '081234567890', 'email' => 'budi@example.com',
        'item' => [['product' => 'Kopi', 'qty' => 1, 'amount' => '15000']],
    ]);
    [$trxId, $billNo] = [$created['trx_id'], $created['bill_no']];
    $prepared = $client->preparePaymentStatus($trxId, $billNo);
    [$url, $body] = hand_built_status($baseUrl, $trxId, $billNo);
    if ($prepared['url'] !== $url || $prepared['body'] !== $body) {
        fwrite(STDERR, "not the same request:\n  {$prepared['url']} {$prepared['body']}\n  $url $body\n");
        exit(2);
    }

    $ours = static function () use ($client, $trxId, $billNo): void {
        if ($client->paymentStatus($trxId, $billNo)['response_code'] !== '00') {
            throw new RuntimeException('answer is not 00');
        }
    };
    $handle = curl_init();
    $theirs = static function () use ($handle, $baseUrl, $trxId, $billNo): void {
        [$url, $body] = hand_built_status($baseUrl, $trxId, $billNo);
        curl_setopt_array($handle, [
            CURLOPT_URL => $url,
            CURLOPT_POST => true,
            CURLOPT_POSTFIELDS => $body,
            CURLOPT_HTTPHEADER => ['Content-Type: application/json', 'Accept: application/json'],
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_TIMEOUT => 30,
        ]);
        $answer = curl_exec($handle);
        if (!is_string($answer) || curl_getinfo($handle, CURLINFO_RESPONSE_CODE) !== 200
            || json_decode($answer, true, 16, JSON_THROW_ON_ERROR)['response_code'] !== '00') {
            throw new RuntimeException('curl call failed: ' . curl_error($handle));
        }
    };
    for ($i = 0; $i < 50; $i++) {
        $ours();
        $theirs();
    }

    $say(sprintf('HTTP on loopback (PHP %s), sandbox %s in its own process; load average %.2f at start',
        PHP_VERSION, $baseUrl, sys_getloadavg()[0]));
    $floor = machine_floor($calls, $rounds);
    if ($floor !== null) {
        $say(sprintf('  machine floor: two processes, %d B / %d B ping-pong  %9.0f req/s  p50 %6.3f ms  p99 %6.3f ms  p99/p50 %.2f',
            $floor['request_bytes'], $floor['response_bytes'], $floor['rate'], $floor['p50_ms'], $floor['p99_ms'], $floor['tail']));
    }
    $say("sequential: $calls paymentStatus calls, best of $rounds (the two sides' rounds alternate)");
    [$seqOurs, $seqTheirs] = $bestOfEach(
        static fn (): array => $measure('Faspay\\Client', $ours),
        static fn (): array => $measure('curl (one handle)', $theirs),
    );
    $say($report($seqOurs));
    $say($report($seqTheirs));
    $say(sprintf('  load average %.2f at the end', sys_getloadavg()[0]));

    $ratio = $seqOurs['rate'] / $seqTheirs['rate'];
    $ok = $ratio >= THROUGHPUT_TARGET;
    $missed = $ok ? 0 : 1;
    $say(sprintf('target sequential Faspay\\Client / curl: %.2fx (>= %gx) %s', $ratio, THROUGHPUT_TARGET, $ok ? 'holds' : 'MISSED'));
    $tableRow("sequential paymentStatus ($calls calls)", $figures($seqOurs), 'curl (one handle)', $figures($seqTheirs),
        sprintf('%.2fx', $ratio), sprintf('≥ %gx', THROUGHPUT_TARGET), $verdict($ok));
    $tail = $seqOurs['p99'] / $seqOurs['p50'];
    $ok = $tail <= TAIL_TARGET;
    $missed += $ok ? 0 : 1;
    $say(sprintf('target sequential p99 / p50: %.2f (<= %g, idle machine) %s; machine floor %s',
        $tail, TAIL_TARGET, $ok ? 'holds' : 'MISSED', floor_figures($floor)));
    // A missed tail target says so plainly when the machine's own floor misses it too.
    $tailVerdict = !$quick && !$ok && $floor !== null && $floor['tail'] > TAIL_TARGET
        ? sprintf('MISSED (machine floor %.2f)', $floor['tail'])
        : $verdict($ok);
    $tableRow('sequential p99 / p50', sprintf('p99 %.3f ms, p50 %.3f ms', $seqOurs['p99'] * 1e3, $seqOurs['p50'] * 1e3),
        'machine floor (two-process ping-pong)', floor_figures($floor), sprintf('%.2f', $tail),
        sprintf('≤ %g (idle machine)', TAIL_TARGET), $tailVerdict);
    if ($quick) {
        $say('quick mode: figures only, targets not enforced');
    } else {
        $status = $missed ? 1 : 0;
    }
} finally {
    fclose($pipes[0]);
    proc_close($sandboxProcess);
}
exit($status);
