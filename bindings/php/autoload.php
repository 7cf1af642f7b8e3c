<?php

declare(strict_types=1);

// For applications without Composer: `require 'PATH/TO/php/autoload.php';` loads this package
// the way Composer's autoloader does (PSR-4 `Faspay\` => src/, plus src/functions.php).
spl_autoload_register(static function (string $class): void {
    if (!str_starts_with($class, 'Faspay\\')) {
        return;
    }
    $file = __DIR__ . '/src/' . str_replace('\\', '/', substr($class, strlen('Faspay\\'))) . '.php';
    if (is_file($file)) {
        require $file;
    }
});
require_once __DIR__ . '/src/functions.php';
