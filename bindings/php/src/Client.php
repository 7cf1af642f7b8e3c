<?php

declare(strict_types=1);

namespace Faspay;

use Faspay\Exception\ValidationException;
use FFI;
use FFI\CData;

/**
 * A Faspay Debit API client over libfaspay: every operation, with Faspay's field names in
 * and out (PHP arrays; result amounts are rupiah as decimal strings such as "15000.50").
 * Errors are Faspay\Exception\* with getFaspayCode(). The password is never shown by
 * var_dump, print_r or json_encode of a client.
 */
final class Client implements \JsonSerializable
{
    private Library $library;
    private CData $handle;
    /** @var array<string, mixed> the settings without the password, for __debugInfo */
    private array $settings;
    /** The FFI callback in use, kept alive while the library may call it. */
    private ?\Closure $logCallback = null;
    /** @var array<string, mixed>|null the settings libfaspay uses, read once (no password) */
    private ?array $usedSettings = null;

    /**
     * @param array<string, mixed> $config merchant_id, merchant_name, user_id, password, and
     *     optionally environment ("sandbox"/"production"), base_url, format ("json"/"xml"),
     *     timeout, connect_timeout, push_timeout, retry_backoff, bill_validity (seconds),
     *     max_retries, amount_unit ("sen"/"rupiah"), inquiry_sends_status_fields,
     *     max_response_bytes, max_inbound_bytes, allow_insecure_http, max_idle_connections
     *     (idle keep-alive connections kept, default 32), dns_cache_ttl (seconds a resolved
     *     host name is reused, default 60), xml_codes (array of operation name => the last
     *     path segment of its XML endpoint: payment_channels, create_transaction,
     *     payment_status, cancel_transaction), redirect_code (the path code of redirectUrl()).
     * @param string|null $library path of the library (libfaspay.so, libfaspay.dylib or
     *     faspay.dll); default: the FASPAY_LIB variable
     */
    public function __construct(#[\SensitiveParameter] array $config, ?string $library = null)
    {
        $this->library = Library::load($library);
        $this->settings = $config;
        if (array_key_exists('password', $this->settings)) {
            $this->settings['password'] = '***';
        }
        if (array_key_exists('result_format', $config)) {
            // libfaspay's own setting, which this class sets: never silently overridden.
            throw new ValidationException(
                'result_format: is not a client setting in PHP (results are always PHP arrays)',
                'INVALID_ARGUMENT',
                'result_format',
            );
        }
        $handle = $this->library->ffi->new('faspay_client*');
        // Results come back as PHP serialize() text, which unserialize() reads faster than
        // json_decode() reads JSON (the same arrays either way).
        $config['result_format'] = 'php';
        $this->library->call('faspay_client_new', [Library::encode((object) $config, 'config'), FFI::addr($handle)]);
        $this->handle = $handle;
    }

    public function __destruct()
    {
        if (isset($this->handle)) {
            $this->library->ffi->faspay_client_free($this->handle);
        }
    }

    /** @return array<string, mixed> */
    public function __debugInfo(): array
    {
        return ['settings' => $this->settings, 'library' => $this->library->path];
    }

    /** @return array<string, mixed> */
    public function jsonSerialize(): array
    {
        return $this->__debugInfo();
    }

    public function __serialize(): array
    {
        throw new \LogicException('a Faspay\Client cannot be serialized');
    }

    /** @param array<mixed> $data */
    public function __unserialize(array $data): void
    {
        throw new \LogicException('a Faspay\Client cannot be unserialized');
    }

    /**
     * Private: `clone $client` is PHP's Error. A copy would hold the same library handle and
     * free it a second time when either is destroyed (then the other crashes PHP); a client
     * is made to be shared, so share the object instead.
     */
    private function __clone()
    {
    }

    /** The 5-digit merchant code (merchant_id). */
    public function getMerchantId(): string
    {
        return $this->used('merchant_id');
    }

    /** The merchant name sent as `merchant`. */
    public function getMerchantName(): string
    {
        return $this->used('merchant_name');
    }

    /** The API user issued by Faspay (user_id). */
    public function getUserId(): string
    {
        return $this->used('user_id');
    }

    /** "sandbox" or "production". */
    public function getEnvironment(): string
    {
        return $this->used('environment');
    }

    /** The host requests go to: the configured base_url, else the environment's. */
    public function getBaseUrl(): string
    {
        return $this->used('base_url');
    }

    /** "json" or "xml". */
    public function getFormat(): string
    {
        return $this->used('format');
    }

    /**
     * Every setting the client uses, with the keys of the constructor's $config (durations in
     * seconds as floats, xml_codes an array by operation name): what libfaspay reports, so a
     * default shows as the value in force. Never the password.
     *
     * @return array<string, mixed>
     */
    public function settings(): array
    {
        if ($this->usedSettings === null) {
            $used = $this->library->result('faspay_client_settings', $this->handle);
            // The binding's own transport choice, not a constructor key in PHP.
            unset($used['result_format']);
            $this->usedSettings = $used;
        }
        return $this->usedSettings;
    }

    /** One of the text settings the library reports it uses (never the password). */
    private function used(string $name): string
    {
        $value = $this->settings()[$name];
        return is_string($value) ? $value : '';
    }

    /**
     * Receives one event per HTTP attempt (operation, method, path, http_status, elapsed_ms,
     * attempt, error_code) or a usage warning (warning set, attempt 0: log it as a warning);
     * never the password or a signature. null turns logging off. An exception thrown by the
     * logger is ignored: logging never breaks a payment call.
     *
     * @param null|callable(array<string, mixed>): void $logger
     */
    public function setLogger(?callable $logger): void
    {
        $ffi = $this->library->ffi;
        if ($logger === null) {
            $ffi->faspay_client_set_logger($this->handle, null, null);
            $this->logCallback = null;
            return;
        }
        // FFI reads `const char *` fields as PHP strings (NULL as null).
        $text = static fn (mixed $p): ?string => match (true) {
            $p === null, is_string($p) => $p,
            default => FFI::isNull($p) ? null : FFI::string($p),
        };
        $callback = static function ($userData, CData $event) use ($logger, $text): void {
            try {
                $logger([
                    'operation' => $text($event->operation),
                    'method' => $text($event->method),
                    'path' => $text($event->path),
                    'http_status' => $event->http_status === 0 ? null : $event->http_status,
                    'elapsed_ms' => $event->elapsed_ms,
                    'attempt' => $event->attempt,
                    'error_code' => $text($event->error_code),
                    'warning' => $text($event->warning),
                ]);
            } catch (\Throwable) {
                // A failing logger must not turn a payment call into an error.
            }
        };
        $status = $ffi->faspay_client_set_logger($this->handle, $callback, null);
        if ($status !== 0) {
            $code = (string) $ffi->faspay_status_str($status);
            throw Exception\FaspayException::forCode($code, "the logger could not be set ({$code})");
        }
        $this->logCallback = $callback;
    }

    /** Payment Channel Inquiry (retried when safe). */
    public function paymentChannels(): array
    {
        return $this->library->result('faspay_client_payment_channels', $this->handle);
    }

    /** Post Data Transaction: creates the bill (Faspay's field names; never retried). */
    public function createTransaction(array $bill): array
    {
        return $this->library->result('faspay_client_create_transaction', $this->handle, Library::encode((object) $bill, 'bill'));
    }

    /** OVO push-to-pay; blocks until the customer acts (up to push_timeout). */
    public function ovoPush(string $trxId, string $ovoNumber): array
    {
        return $this->library->result(
            'faspay_client_ovo_push',
            $this->handle,
            Library::text($trxId, 'trx_id'),
            Library::text($ovoNumber, 'ovo_number'),
        );
    }

    /** An HTML page whose form makes the customer's browser post the push itself. */
    public function ovoPushForm(string $trxId, string $ovoNumber): string
    {
        return $this->library->string(
            'faspay_client_ovo_push_form',
            $this->handle,
            Library::text($trxId, 'trx_id'),
            Library::text($ovoNumber, 'ovo_number'),
        );
    }

    /** The Faspay page to send the customer to. */
    public function redirectUrl(string $trxId, string $billNo): string
    {
        return $this->library->string(
            'faspay_client_redirect_url',
            $this->handle,
            Library::text($trxId, 'trx_id'),
            Library::text($billNo, 'bill_no'),
        );
    }

    /**
     * Inquiry Payment Status (retried when safe): payment_status_code, is_paid, is_final...
     * and dedupe_key, the same key as the notification of the same event.
     */
    public function paymentStatus(string $trxId, string $billNo): array
    {
        return $this->library->result(
            'faspay_client_payment_status',
            $this->handle,
            Library::text($trxId, 'trx_id'),
            Library::text($billNo, 'bill_no'),
        );
    }

    /**
     * Checks the paid total a paymentStatus() answer reports equals $expected, the order's
     * total (rupiah, e.g. "15000.50", 15000 or an exact float such as 15000.5). Throws
     * ValidationException with field payment_total when not, with field expected when
     * $expected is no amount; an answer without a total (payment_total null) passes, as an
     * inquiry need not carry one.
     */
    public function paymentStatusCheckTotal(array $status, string|int|float $expected): void
    {
        $paid = $status['payment_total'] ?? null;
        if (!array_key_exists('payment_total', $status) || !(is_string($paid) || $paid === null)) {
            throw new ValidationException(
                'status: not an answer of paymentStatus() (payment_total must be a string or null)',
                'INVALID_ARGUMENT',
                'status',
            );
        }
        $this->library->call('faspay_payment_status_check_total', [
            $paid === null ? null : Library::text($paid, 'payment_total'),
            Library::amount($expected, 'expected'),
        ]);
    }

    /** Cancel Transaction (only unpaid bills; never retried). */
    public function cancelTransaction(string $trxId, string $billNo, string $reason): array
    {
        return $this->library->result(
            'faspay_client_cancel_transaction',
            $this->handle,
            Library::text($trxId, 'trx_id'),
            Library::text($billNo, 'bill_no'),
            Library::text($reason, 'reason'),
        );
    }

    /** Parses and verifies a notification's raw body (file_get_contents('php://input')). */
    public function parseNotification(string $body): array
    {
        $bytes = $this->library->bytes($body);
        return $this->library->result('faspay_client_parse_notification', $this->handle, $bytes, strlen($body));
    }

    /**
     * The exact reply bytes (verifies $body again): response_code 00 when $accepted, else 99.
     * Send them with the notification's reply_content_type. $at fixes response_date
     * ("YYYY-MM-DD HH:MM:SS", WIB); default now.
     */
    public function notificationReply(string $body, bool $accepted = true, ?string $at = null): string
    {
        $bytes = $this->library->bytes($body);
        return $this->library->string(
            'faspay_client_notification_reply',
            $this->handle,
            $bytes,
            strlen($body),
            $accepted,
            $at === null ? null : Library::text($at, 'at'),
        );
    }

    /**
     * Verifies the notification, then checks its payment_total equals $expected, the order's
     * total (rupiah, e.g. "15000.50", 15000 or an exact float such as 15000.5). Throws
     * ValidationException with field payment_total when not, with field expected when
     * $expected is no amount.
     */
    public function notificationCheckTotal(string $body, string|int|float $expected): void
    {
        $bytes = $this->library->bytes($body);
        $this->library->call('faspay_client_notification_check_total', [
            $this->handle, $bytes, strlen($body), Library::amount($expected, 'expected'),
        ]);
    }

    /**
     * Verifies the return URL: its query string ($_SERVER['QUERY_STRING']) or whole URL. Not
     * proof of payment. An array such as $_GET is accepted too (re-encoded as a query).
     */
    public function verifyReturn(string|array $query): array
    {
        if (is_array($query)) {
            $query = http_build_query($query);
        }
        return $this->library->result('faspay_client_verify_return', $this->handle, Library::text($query, 'query'));
    }

    /** The Payment Channel Inquiry request: method, url, content_type, body (no I/O). */
    public function preparePaymentChannels(): array
    {
        return $this->library->result('faspay_client_prepare_payment_channels', $this->handle);
    }

    /** The Post Data request for $bill (no I/O). */
    public function prepareCreateTransaction(array $bill): array
    {
        return $this->library->result(
            'faspay_client_prepare_create_transaction',
            $this->handle,
            Library::encode((object) $bill, 'bill'),
        );
    }

    /** The Inquiry Payment Status request (no I/O). */
    public function preparePaymentStatus(string $trxId, string $billNo): array
    {
        return $this->library->result(
            'faspay_client_prepare_payment_status',
            $this->handle,
            Library::text($trxId, 'trx_id'),
            Library::text($billNo, 'bill_no'),
        );
    }

    /** The Cancel Transaction request (no I/O). */
    public function prepareCancelTransaction(string $trxId, string $billNo, string $reason): array
    {
        return $this->library->result(
            'faspay_client_prepare_cancel_transaction',
            $this->handle,
            Library::text($trxId, 'trx_id'),
            Library::text($billNo, 'bill_no'),
            Library::text($reason, 'reason'),
        );
    }

    /** The OVO push-to-pay form POST (no I/O). */
    public function prepareOvoPush(string $trxId, string $ovoNumber): array
    {
        return $this->library->result(
            'faspay_client_prepare_ovo_push',
            $this->handle,
            Library::text($trxId, 'trx_id'),
            Library::text($ovoNumber, 'ovo_number'),
        );
    }

    /** Decodes an answer to $operation ("payment_status", ...) exactly as the client does. */
    public function decodeResponse(string $operation, int|float $httpStatus, string $body): array
    {
        $httpStatus = Library::whole($httpStatus, 'http_status', 0, 65535);
        $bytes = $this->library->bytes($body);
        return $this->library->result(
            'faspay_client_decode_response',
            $this->handle,
            Library::text($operation, 'operation'),
            $httpStatus,
            $bytes,
            strlen($body),
        );
    }
}
