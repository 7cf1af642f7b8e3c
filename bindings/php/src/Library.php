<?php

declare(strict_types=1);

namespace Faspay;

use Faspay\Exception\FaspayException;
use Faspay\Exception\LibraryException;
use Faspay\Exception\ValidationException;
use FFI;
use FFI\CData;

/**
 * libfaspay loaded through FFI, and the calling conventions of its C ABI: strings in, owned
 * strings out (freed here), a status plus an error object turned into the matching exception.
 * Converting values is all it does; every rule lives in the library.
 *
 * @internal Use Client, Testing\Sandbox and the functions of this namespace.
 */
final class Library
{
    /** @var array<string, Library> one FFI instance per library path */
    private static array $loaded = [];

    private function __construct(public readonly FFI $ffi, public readonly string $path)
    {
    }

    /**
     * The library at $path, else at the FASPAY_LIB environment variable, else the one loaded
     * last.
     *
     * @throws LibraryException when neither points to a loadable library
     */
    public static function load(?string $path = null): self
    {
        $source = 'the constructor argument';
        if ($path === null || $path === '') {
            $path = getenv('FASPAY_LIB') ?: null;
            $source = 'FASPAY_LIB';
            if ($path === null && self::$loaded !== []) {
                return end(self::$loaded);
            }
        }
        if ($path === null) {
            $file = self::fileName();
            throw new LibraryException(
                "libfaspay was not found: pass the path of {$file} to the constructor or set FASPAY_LIB "
                . (PHP_OS_FAMILY === 'Windows'
                    ? '(a release bundle holds it in bin/)'
                    : "(a release bundle holds it in lib/; scripts/install-c installs PREFIX/lib/{$file})")
            );
        }
        if (isset(self::$loaded[$path])) {
            return self::$loaded[$path];
        }
        if (!extension_loaded('ffi')) {
            throw new LibraryException('the PHP FFI extension is not loaded (php-ffi, ffi.enable)');
        }
        if (!is_file($path)) {
            throw new LibraryException("libfaspay was not found at {$path} (from {$source})");
        }
        $header = self::header($path);
        try {
            $ffi = FFI::cdef(self::cdefSource((string) file_get_contents($header)), $path);
        } catch (\Throwable $e) {
            // The CLI allows FFI by default (ffi.enable=preload), PHP-FPM and `php -S` do not:
            // the first wall when a shop moves from a script to its web server.
            $hint = str_contains($e->getMessage(), 'ffi.enable')
                ? ' (set ffi.enable=1 in php.ini, or php -d ffi.enable=1, for PHP-FPM and php -S)'
                : '';
            throw new LibraryException(
                "cannot load libfaspay from {$path} (from {$source}) with {$header}: " . $e->getMessage() . $hint,
                0,
                $e
            );
        }
        return self::$loaded[$path] = new self($ffi, $path);
    }

    /** The library's file name on this system, as the release bundles name it. */
    public static function fileName(): string
    {
        return match (PHP_OS_FAMILY) {
            'Windows' => 'faspay.dll',
            'Darwin' => 'libfaspay.dylib',
            default => 'libfaspay.so',
        };
    }

    /**
     * faspay_php.h: FASPAY_HEADER, next to an installed library (PREFIX/include beside
     * PREFIX/lib, or PREFIX/bin for Windows' DLL), or in this repository.
     */
    private static function header(string $library): string
    {
        $candidates = array_filter([
            getenv('FASPAY_HEADER') ?: null,
            dirname($library) . '/../include/faspay_php.h',
            dirname(__DIR__, 3) . '/include/faspay_php.h',
        ]);
        foreach ($candidates as $candidate) {
            if (is_file($candidate)) {
                return $candidate;
            }
        }
        throw new LibraryException(
            'faspay_php.h was not found (looked at ' . implode(', ', $candidates) . '); set FASPAY_HEADER'
        );
    }

    /**
     * The declarations FFI::cdef can parse. faspay_php.h has none of what it cannot (it is
     * generated without them), but FASPAY_HEADER may point at the C header faspay.h: its
     * `#ifdef __cplusplus` / `extern "C" {` blocks and its preprocessor lines (include guard,
     * `#include`, `#define`) would make cdef fail, so they are removed here.
     */
    public static function cdefSource(string $header): string
    {
        $withoutCxx = (string) preg_replace('/^#ifdef __cplusplus\R.*?^#endif[^\n]*\R?/ms', '', $header);
        return (string) preg_replace('/^[ \t]*#.*\R?/m', '', $withoutCxx);
    }

    /** A string argument: refused when it has a NUL byte, which C would silently cut at. */
    public static function text(#[\SensitiveParameter] string $value, string $field): string
    {
        if (str_contains($value, "\0")) {
            throw new ValidationException("{$field}: must not contain a NUL byte", 'INVALID_ARGUMENT', $field);
        }
        return $value;
    }

    /**
     * A whole-number argument in [$min, $max]: an int as it is, a float only when it is a whole
     * number (200.0). The parameters that take one are typed int|float so that PHP hands the
     * float over instead of cutting it: as `int`, a caller without strict_types would see 2.5
     * become 2 (a paid status) and the C layer would wrap 65736 into a uint16_t's 200.
     */
    public static function whole(int|float $value, string $field, int $min, int $max): int
    {
        if (is_float($value)) {
            // Compared as floats: (float) PHP_INT_MAX rounds up to 2^63, one past it.
            $inRange = is_finite($value) && floor($value) === $value
                && $value >= (float) $min && $value < (float) $max + 1.0 && $value < 9.2233720368547758E18;
            if (!$inRange) {
                throw new ValidationException(
                    "{$field}: must be a whole number from {$min} to {$max}, got " . var_export($value, true),
                    'INVALID_ARGUMENT',
                    $field,
                );
            }
            $value = (int) $value;
        }
        if ($value < $min || $value > $max) {
            throw new ValidationException(
                "{$field}: must be a whole number from {$min} to {$max}, got {$value}",
                'INVALID_ARGUMENT',
                $field,
            );
        }
        return $value;
    }

    /**
     * A rupiah amount as the text the library reads: an int or a decimal string as it is, a
     * float as the library's float rule reads it (faspay_amount_from_double: 0.07 is "0.07",
     * -0.0 is "0"; 0.1 + 0.2 or 1e16 are refused as inexact), the rule Python's and Node's
     * floats follow. Typed parameters must take float too: PHP would turn a float given for
     * `string|int` into an int, cutting 15000.5 to 15000. A refused float names $field, the
     * caller's parameter, not the library function's `amount`.
     */
    public static function amount(int|string|float $amount, string $field): string
    {
        if (is_float($amount)) {
            try {
                return self::load()->string('faspay_amount_from_double', $amount);
            } catch (ValidationException $e) {
                $message = $e->getMessage();
                $own = $e->getField();
                if ($own !== null && str_starts_with($message, "{$own}: ")) {
                    $message = $field . substr($message, strlen($own));
                }
                throw new ValidationException($message, $e->getFaspayCode(), $field);
            }
        }
        return self::text((string) $amount, $field);
    }

    /** A byte buffer for `const uint8_t *` parameters (PHP strings only pass as char*). */
    public function bytes(string $value): CData
    {
        $length = strlen($value);
        $buffer = $this->ffi->new('uint8_t[' . max(1, $length) . ']');
        if ($length > 0) {
            FFI::memcpy($buffer, $value, $length);
        }
        return $buffer;
    }

    /** Calls a function whose last two parameters are `char **out, faspay_error **err_out`. */
    public function string(string $function, #[\SensitiveParameter] mixed ...$args): string
    {
        return $this->optionalString($function, ...$args)
            ?? throw new \LogicException("{$function} answered no text");
    }

    /** As string(), for a function whose `*out` stays NULL when it has no answer: null. */
    public function optionalString(string $function, #[\SensitiveParameter] mixed ...$args): ?string
    {
        $out = $this->ffi->new('char*');
        $args[] = FFI::addr($out);
        $this->call($function, $args);
        if (FFI::isNull($out)) {
            return null;
        }
        try {
            return FFI::string($out);
        } finally {
            $this->ffi->faspay_string_free($out);
        }
    }

    /** Calls a function returning JSON through `char **out`, decoded to an array. */
    public function json(string $function, #[\SensitiveParameter] mixed ...$args): mixed
    {
        return json_decode($this->string($function, ...$args), true, 512, JSON_THROW_ON_ERROR | JSON_BIGINT_AS_STRING);
    }

    /**
     * Calls a client function returning its result through `char **out` as PHP serialize()
     * text (clients made by Client ask libfaspay for result_format "php"): the array
     * json_decode would give for the JSON form, read in about half the time.
     *
     * @return array<string, mixed>
     */
    public function result(string $function, #[\SensitiveParameter] mixed ...$args): array
    {
        $out = $this->ffi->new('char*');
        $error = $this->ffi->new('faspay_error*');
        $args[] = FFI::addr($out);
        $args[] = FFI::addr($error);
        $status = $this->ffi->$function(...$args);
        if ($status !== 0) {
            throw $this->exception($status, $error);
        }
        try {
            $text = FFI::string($out);
        } finally {
            $this->ffi->faspay_string_free($out);
        }
        $value = unserialize($text, ['allowed_classes' => false, 'max_depth' => 512]);
        return is_array($value) ? $value : throw new \LogicException("{$function} answered no readable result");
    }

    /**
     * Calls a function whose last parameter is `faspay_error **err_out`.
     *
     * The arguments of this and the other calling helpers are #[\SensitiveParameter]: an
     * exception's trace keeps every frame's arguments when zend.exception_ignore_args is off
     * (php.ini-development), and debug error pages print them. Here they hold the config JSON
     * with the password and C pointers, one of them to the error object freed by then, which
     * print_r would read after free.
     */
    public function call(string $function, #[\SensitiveParameter] array $args): void
    {
        $error = $this->ffi->new('faspay_error*');
        $args[] = FFI::addr($error);
        $status = $this->ffi->$function(...$args);
        if ($status !== 0) {
            throw $this->exception($status, $error);
        }
    }

    /** The exception for a failed call; frees the error object. */
    private function exception(int $status, #[\SensitiveParameter] CData $error): FaspayException
    {
        $ffi = $this->ffi;
        $code = (string) $ffi->faspay_status_str($status);
        if (FFI::isNull($error)) {
            return FaspayException::forCode($code, "faspay call failed with {$code}");
        }
        try {
            $httpStatus = $ffi->faspay_error_http_status($error);
            return FaspayException::forCode(
                $code,
                (string) $ffi->faspay_error_message($error),
                $ffi->faspay_error_field($error),
                $ffi->faspay_error_response_code($error),
                $ffi->faspay_error_response_desc($error),
                $httpStatus === 0 ? null : $httpStatus,
                $ffi->faspay_error_request_sent($error),
            );
        } finally {
            $ffi->faspay_error_free($error);
        }
    }

    /**
     * Values as JSON text for the library (floats keep their shortest exact form). What JSON
     * cannot carry is a ValidationException naming the value's path (`cust_name`,
     * `item[0].product`), never a bare JsonException: text that is not UTF-8 (Latin-1 from an
     * older database, code INVALID_UTF8, as for a string argument) or a NAN / INF float.
     * Messages never show the value (it may be the password).
     */
    public static function encode(#[\SensitiveParameter] mixed $value, string $what = 'value'): string
    {
        try {
            return json_encode($value, JSON_THROW_ON_ERROR | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_PRESERVE_ZERO_FRACTION);
        } catch (\JsonException $e) {
            [$path, $code, $problem] = self::unencodable($value, '')
                ?? ['', 'INVALID_ARGUMENT', 'cannot be sent as JSON: ' . $e->getMessage()];
            $field = $path === '' ? $what : $path;
            throw new ValidationException("{$field}: {$problem}", $code, $field);
        }
    }

    /**
     * The first value JSON cannot encode, depth first: [path, code, problem], or null.
     * @return array{0: string, 1: string, 2: string}|null
     */
    private static function unencodable(mixed $value, string $path): ?array
    {
        if (is_string($value)) {
            return preg_match('//u', $value) === 1 ? null : [
                $path,
                'INVALID_UTF8',
                "is not UTF-8 text; convert it first (from Latin-1: mb_convert_encoding(\$text, 'UTF-8', 'ISO-8859-1'))",
            ];
        }
        if (is_float($value)) {
            return is_finite($value) ? null : [$path, 'INVALID_ARGUMENT', 'is not a finite number'];
        }
        if (!is_array($value) && !is_object($value)) {
            return null;
        }
        $list = is_array($value) && array_is_list($value);
        foreach ((array) $value as $key => $item) {
            $name = (string) $key;
            if (preg_match('//u', $name) !== 1) {
                return [$path, 'INVALID_UTF8', 'has a key that is not UTF-8 text'];
            }
            $child = $list ? "{$path}[{$name}]" : ($path === '' ? $name : "{$path}.{$name}");
            $found = self::unencodable($item, $child);
            if ($found !== null) {
                return $found;
            }
        }
        return null;
    }
}
