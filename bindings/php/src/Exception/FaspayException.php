<?php

declare(strict_types=1);

namespace Faspay\Exception;

/**
 * Base of every error the library reports, with the stable code shared by all languages
 * (getFaspayCode(): "INVALID_ARGUMENT", "API_ERROR", ...) and the details that apply.
 * Messages never contain the password or a signature pre-image.
 */
class FaspayException extends \RuntimeException
{
    public function __construct(
        string $message,
        private readonly string $faspayCode,
        private readonly ?string $field = null,
        private readonly ?string $responseCode = null,
        private readonly ?string $responseDesc = null,
        private readonly ?int $httpStatus = null,
        private readonly bool $requestSent = false,
    ) {
        parent::__construct($message);
    }

    /** The stable code: INVALID_ARGUMENT, INVALID_SIGNATURE, API_ERROR, TRANSPORT, TIMEOUT,
     *  MALFORMED_RESPONSE, INTERNAL, or INVALID_UTF8 / NULL_ARGUMENT / PANIC of the C call. */
    public function getFaspayCode(): string
    {
        return $this->faspayCode;
    }

    /** The input field at fault ("bill_no", "item[0].amount"), when there is one. */
    public function getField(): ?string
    {
        return $this->field;
    }

    /** Faspay's response_code for API_ERROR (e.g. "14"). */
    public function getResponseCode(): ?string
    {
        return $this->responseCode;
    }

    /** Faspay's response_desc for API_ERROR. */
    public function getResponseDesc(): ?string
    {
        return $this->responseDesc;
    }

    /** The HTTP status, when a response arrived. */
    public function getHttpStatus(): ?int
    {
        return $this->httpStatus;
    }

    /** Whether the request may have reached Faspay: after cancelTransaction or ovoPush, ask
     *  paymentStatus before trying again; after createTransaction (no trx_id to ask about),
     *  never send that bill_no again: a new attempt is a new bill with a new bill_no. */
    public function getRequestSent(): bool
    {
        return $this->requestSent;
    }

    /** The exception class of each code. */
    public const CLASSES = [
        'INVALID_ARGUMENT' => ValidationException::class,
        'INVALID_UTF8' => ValidationException::class,
        'NULL_ARGUMENT' => ValidationException::class,
        'INVALID_SIGNATURE' => SignatureException::class,
        'API_ERROR' => ApiException::class,
        'TRANSPORT' => TransportException::class,
        'TIMEOUT' => TimeoutException::class,
        'MALFORMED_RESPONSE' => MalformedResponseException::class,
        'INTERNAL' => InternalException::class,
        'PANIC' => InternalException::class,
    ];

    /** The exception for a code (unknown codes are InternalException). */
    public static function forCode(
        string $code,
        string $message,
        ?string $field = null,
        ?string $responseCode = null,
        ?string $responseDesc = null,
        ?int $httpStatus = null,
        bool $requestSent = false,
    ): self {
        $class = self::CLASSES[$code] ?? InternalException::class;
        return new $class($message, $code, $field, $responseCode, $responseDesc, $httpStatus, $requestSent);
    }
}
