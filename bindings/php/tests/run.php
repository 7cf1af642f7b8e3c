<?php

declare(strict_types=1);

// A small test runner (Debian's phpunit is not needed): every tests/*Test.php returns a map of
// test name => callable; prints each failure and "N passed, N failed"; exit 1 on a failure.
require __DIR__ . '/bootstrap.php';

$filter = $argv[1] ?? null;
$passed = 0;
$failed = 0;
foreach (glob(__DIR__ . '/*Test.php') as $file) {
    $tests = require $file;
    foreach ($tests as $name => $test) {
        $label = basename($file, '.php') . '::' . $name;
        if ($filter !== null && !str_contains($label, $filter)) {
            continue;
        }
        try {
            $test();
            $passed++;
        } catch (Throwable $e) {
            $failed++;
            fwrite(STDERR, "FAIL $label: " . get_class($e) . ': ' . $e->getMessage() . "\n"
                . '  at ' . $e->getFile() . ':' . $e->getLine() . "\n");
        }
    }
}
echo "$passed passed, $failed failed\n";
exit($failed === 0 && $passed > 0 ? 0 : 1);
