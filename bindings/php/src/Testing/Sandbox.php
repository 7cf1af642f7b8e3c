<?php

declare(strict_types=1);

namespace Faspay\Testing;

use Faspay\Client;
use Faspay\Library;
use FFI;
use FFI\CData;

/**
 * The offline Faspay sandbox embedded in libfaspay, on 127.0.0.1 (any free port): the real
 * endpoints, signatures checked, OVO push-to-pay, signed notifications POSTed to your notify
 * URL, a controllable clock and fault injection. For test suites; stop() (or destruction)
 * shuts it down.
 */
final class Sandbox
{
    private Library $library;
    private ?CData $handle;

    /**
     * @param array<string, mixed> $options merchant_id, merchant_name, user_id, password, host,
     *     port, threads, notify_url, notify_format ("json"/"xml"), push_delay,
     *     notify_retry_delay (seconds), notify_max_retries, amount_unit, return_url
     */
    public function __construct(array $options = [], ?string $library = null)
    {
        $this->library = Library::load($library);
        $handle = $this->library->ffi->new('faspay_sandbox*');
        $this->library->call('faspay_sandbox_start', [
            $options === [] ? null : Library::encode((object) $options, 'options'),
            FFI::addr($handle),
        ]);
        $this->handle = $handle;
    }

    public function __destruct()
    {
        $this->stop();
    }

    /**
     * Private: `clone $sandbox` is PHP's Error. A copy would stop (free) the same server a
     * second time when either is destroyed.
     */
    private function __clone()
    {
    }

    public function __serialize(): array
    {
        throw new \LogicException('a Faspay\Testing\Sandbox cannot be serialized');
    }

    /** @param array<mixed> $data */
    public function __unserialize(array $data): void
    {
        throw new \LogicException('a Faspay\Testing\Sandbox cannot be unserialized');
    }

    /** Stops the server; calling it twice is harmless. */
    public function stop(): void
    {
        if (isset($this->handle)) {
            $this->library->ffi->faspay_sandbox_stop($this->handle);
            $this->handle = null;
        }
    }

    private function handle(): CData
    {
        return $this->handle ?? throw new \LogicException('the sandbox was stopped');
    }

    /** http://127.0.0.1:PORT */
    public function baseUrl(): string
    {
        return $this->library->string('faspay_sandbox_base_url', $this->handle());
    }

    /** A client config for this sandbox (its credentials and base_url), plus $overrides. */
    public function clientConfig(array $overrides = []): array
    {
        return array_merge($this->library->json('faspay_sandbox_client_config', $this->handle()), $overrides);
    }

    /** A Client talking to this sandbox. */
    public function client(array $overrides = []): Client
    {
        return new Client($this->clientConfig($overrides), $this->library->path);
    }

    public function setNotifyUrl(?string $url): void
    {
        $this->library->call('faspay_sandbox_set_notify_url', [
            $this->handle(), $url === null ? null : Library::text($url, 'url'),
        ]);
    }

    public function setNotifyFormat(string $format): void
    {
        $this->library->call('faspay_sandbox_set_notify_format', [$this->handle(), Library::text($format, 'format')]);
    }

    /** How long the simulated OVO customer takes to decide, in seconds. */
    public function setPushDelay(float $seconds): void
    {
        $this->library->call('faspay_sandbox_set_push_delay', [$this->handle(), $seconds]);
    }

    /** Extra attempts after a refused notification, and the wait between attempts. */
    public function setNotifyRetries(int|float $maxRetries, float $delaySeconds): void
    {
        $maxRetries = Library::whole($maxRetries, 'max_retries', 0, 4294967295);
        $this->library->call('faspay_sandbox_set_notify_retries', [$this->handle(), $maxRetries, $delaySeconds]);
    }

    /** Strict mode: what would be accepted with a warning is refused with the docs' code. */
    public function setStrict(bool $strict): void
    {
        $this->library->call('faspay_sandbox_set_strict', [$this->handle(), $strict]);
    }

    /** Refuse a reused bill_no with 14 (otherwise accepted with a warning). */
    public function setUniqueBillNo(bool $unique): void
    {
        $this->library->call('faspay_sandbox_set_unique_bill_no', [$this->handle(), $unique]);
    }

    /**
     * The current settings (what the setters above changed), with the keys and units of the
     * constructor's options.
     * @return array{notify_url: ?string, notify_format: string, push_delay: float,
     *     notify_retry_delay: float, notify_max_retries: int, return_url: ?string, strict: bool,
     *     unique_bill_no: bool}
     */
    public function getSettings(): array
    {
        return $this->library->json('faspay_sandbox_settings', $this->handle());
    }

    /** Where notifications go (null: none are sent). */
    public function getNotifyUrl(): ?string
    {
        return $this->getSettings()['notify_url'];
    }

    /** "json" or "xml". */
    public function getNotifyFormat(): string
    {
        return $this->getSettings()['notify_format'];
    }

    /** How long the simulated OVO customer takes to decide, in seconds. */
    public function getPushDelay(): float
    {
        return (float) $this->getSettings()['push_delay'];
    }

    public function isStrict(): bool
    {
        return $this->getSettings()['strict'];
    }

    public function isUniqueBillNo(): bool
    {
        return $this->getSettings()['unique_bill_no'];
    }

    /** Marks a pending transaction paid (2) and notifies the merchant. */
    public function approve(string $trxId): void
    {
        $this->library->call('faspay_sandbox_approve', [$this->handle(), Library::text($trxId, 'trx_id')]);
    }

    /** Marks a pending transaction failed (3) and notifies the merchant. */
    public function reject(string $trxId): void
    {
        $this->library->call('faspay_sandbox_reject', [$this->handle(), Library::text($trxId, 'trx_id')]);
    }

    /** Marks a pending transaction expired (7) and notifies the merchant. */
    public function expire(string $trxId): void
    {
        $this->library->call('faspay_sandbox_expire', [$this->handle(), Library::text($trxId, 'trx_id')]);
    }

    /**
     * Takes a paid transaction's payment back (4, reversal) and notifies the merchant; a
     * cancel of it then answers 80.
     */
    public function reverse(string $trxId): void
    {
        $this->library->call('faspay_sandbox_reverse', [$this->handle(), Library::text($trxId, 'trx_id')]);
    }

    /** Moves the sandbox clock forward. */
    public function advanceClock(float $seconds): void
    {
        $this->library->call('faspay_sandbox_advance_clock', [$this->handle(), $seconds]);
    }

    /** @return list<array<string, mixed>> trx_id, bill_no, bill_total, status, ... */
    public function transactions(): array
    {
        return $this->library->json('faspay_sandbox_transactions', $this->handle());
    }

    /** @return array<string, mixed>|null $trxId's transaction (as in transactions()), or null */
    public function transaction(string $trxId): ?array
    {
        $view = $this->library->optionalString('faspay_sandbox_transaction', $this->handle(), Library::text($trxId, 'trx_id'));
        return $view === null ? null : json_decode($view, true, 512, JSON_THROW_ON_ERROR | JSON_BIGINT_AS_STRING);
    }

    /** The sandbox's clock (WIB, "YYYY-MM-DD HH:MM:SS"), moved by advanceClock(). */
    public function now(): string
    {
        return $this->library->string('faspay_sandbox_now', $this->handle());
    }

    /** @return list<array<string, mixed>> every notification attempt: request_body, accepted, ... */
    public function deliveries(): array
    {
        return $this->library->json('faspay_sandbox_deliveries', $this->handle());
    }

    /** Waits until $count notification attempts finished; false after $timeout seconds. */
    public function waitForDeliveries(int|float $count, float $timeout = 30.0): bool
    {
        $count = Library::whole($count, 'count', 0, PHP_INT_MAX);
        $reached = $this->library->ffi->new('bool');
        $this->library->call('faspay_sandbox_wait_for_deliveries', [
            $this->handle(), $count, $timeout, FFI::addr($reached),
        ]);
        return $reached->cdata;
    }

    /**
     * Arms a fault: ['kind' => 'latency'|'server_error'|'html_page'|'reset'|'truncated'|
     * 'oversized_body'|'response_error', 'endpoint' => 'payment_status'|null, 'times' => n,
     * 'ms' => ..., 'status' => ..., 'code' => ..., 'desc' => ...].
     */
    public function setFault(array $fault): void
    {
        $this->library->call('faspay_sandbox_set_fault', [$this->handle(), Library::encode((object) $fault, 'fault')]);
    }

    public function clearFaults(): void
    {
        $this->library->call('faspay_sandbox_clear_faults', [$this->handle()]);
    }

    /**
     * What the sandbox accepted although real Faspay might not (reused bill_no, unknown fields,
     * ...): kind, field, code, message, operation, trx_id, bill_no. Strict mode refuses instead.
     *
     * @return list<array<string, mixed>>
     */
    public function warnings(): array
    {
        return $this->library->json('faspay_sandbox_warnings', $this->handle());
    }

    public function clearWarnings(): void
    {
        $this->library->call('faspay_sandbox_clear_warnings', [$this->handle()]);
    }

    /**
     * Every request the sandbox received (admin calls aside), oldest first, byte for byte with
     * its answer: seq, method, path, query, body (text or null), body_base64, response_status,
     * response_body, response_body_base64. For tests that re-check what was sent.
     *
     * @return list<array<string, mixed>>
     */
    public function receivedRequests(): array
    {
        return $this->library->json('faspay_sandbox_received_requests', $this->handle());
    }

    public function clearReceivedRequests(): void
    {
        $this->library->call('faspay_sandbox_clear_received_requests', [$this->handle()]);
    }

    /** How many requests reached the endpoint of $operation. */
    public function requestCount(string $operation): int
    {
        $count = $this->library->ffi->new('uint64_t');
        $this->library->call('faspay_sandbox_request_count', [
            $this->handle(), Library::text($operation, 'operation'), FFI::addr($count),
        ]);
        return $count->cdata;
    }
}
